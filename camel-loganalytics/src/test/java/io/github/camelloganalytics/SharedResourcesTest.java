package io.github.camelloganalytics;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.camelloganalytics.emulator.LogAnalyticsEmulatorExtension;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Endpoints of one component share their threads and HTTP clients, and give all of them back when they stop.
 */
class SharedResourcesTest extends CamelTestSupport {

    static final String WS = WireMockServiceSupport.WORKSPACE;
    static final String KEY = WireMockServiceSupport.KEY;
    static final int ENDPOINTS = 16;

    @RegisterExtension
    static LogAnalyticsEmulatorExtension logAnalytics = LogAnalyticsEmulatorExtension.withWorkspace(WS, KEY);

    /** Threads the component or its HTTP clients run. */
    private static Set<String> componentThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.contains("LogAnalytics") || name.startsWith("HttpClient-"))
                .collect(Collectors.toCollection(java.util.HashSet::new));
    }

    @Test
    void sixteenEndpointsShareAFewThreadsAndReleaseThemAllOnStop() throws Exception {
        Set<String> before = componentThreads();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                for (int i = 0; i < ENDPOINTS; i++) {
                    from("direct:e" + i).to("loganalytics:Table" + i + "?workspaceId=" + WS + "&sharedKey=RAW(" + KEY
                                            + ")&endpoint=" + logAnalytics.endpoint() + "&batchTimeout=10");
                }
            }
        });
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < ENDPOINTS; i++) {
                template.requestBody("direct:e" + i, Map.of("round", round));
            }
        }
        Set<String> during = componentThreads();
        during.removeAll(before);
        int workers = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

        System.out.printf("Threads: %d endpoints ran on %d component threads: %s%n", ENDPOINTS, during.size(), during);
        assertThat(logAnalytics.rows("Table15_CL")).hasSize(3);
        assertThat(during.stream().filter(n -> n.contains("LogAnalyticsTimer"))).as("one timer").hasSize(1);
        assertThat(during.stream().filter(n -> n.contains("LogAnalyticsDelivery"))).as("one worker pool")
                .hasSizeLessThanOrEqualTo(workers);
        assertThat(during.stream().filter(n -> n.endsWith("SelectorManager"))).as("one HTTP client").hasSize(1);
        assertThat(during.size()).as("threads for 16 endpoints").isLessThan(workers + 12);

        context.stop();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            System.gc(); // before Java 21 an HTTP client's selector thread ends once the client is unreachable
            Set<String> left = componentThreads();
            left.retainAll(during);
            assertThat(left).as("threads left after stop").isEmpty();
        });
    }
}
