package io.github.camelloganalytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.camelloganalytics.emulator.EmulatorClock;
import io.github.camelloganalytics.emulator.Fault;
import io.github.camelloganalytics.emulator.LogAnalyticsEmulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routes against the emulator: the records land with the types the service gives them, and faults are survived.
 */
class EmulatorEndToEndTest extends CamelTestSupport {

    static final String WS = WireMockServiceSupport.WORKSPACE;
    static final String KEY = WireMockServiceSupport.KEY;

    @RegisterExtension
    static LogAnalyticsEmulatorExtension logAnalytics = LogAnalyticsEmulatorExtension.withWorkspace(WS, KEY);

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:orders")
                        .to("loganalytics:Orders?workspaceId=" + WS + "&sharedKey=RAW(" + KEY + ")&endpoint="
                            + logAnalytics.endpoint() + "&timeGeneratedField=at&batchTimeout=20&batchSize=20&retryBackoff=20");
            }
        };
    }

    @Test
    void recordsLandWithTheServicesTypes() {
        // an hour ago on the emulator's clock: the time field becomes TimeGenerated only within the service's window
        String at = EmulatorClock.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        Exchange result = template.request("direct:orders", e -> e.getMessage().setBody(List.of(
                Map.of("at", at, "total", 12.5, "paid", true, "id", "8145d82213a744ad859c36f31a84f6dd",
                        "customer", "Zoë Ångström 東京 🎉"),
                "{\"total\": 3, \"paid\": \"false\", \"note\": null}")));

        assertThat(result.getException()).isNull();
        assertThat(logAnalytics.columns("Orders_CL")).containsEntry("total_d", "real").containsEntry("paid_b", "bool")
                .containsEntry("id_g", "guid").containsEntry("customer_s", "string").containsEntry("at_t", "datetime");
        List<Map<String, Object>> rows = logAnalytics.rows("Orders_CL");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("customer_s", "Zoë Ångström 東京 🎉").containsEntry("TimeGenerated", at)
                .containsEntry("id_g", "8145d822-13a7-44ad-859c-36f31a84f6dd");
        assertThat(rows.get(1)).containsEntry("paid_b", false).doesNotContainKey("note_s");
    }

    @Test
    void concurrentExchangesSurviveThrottlingErrorsAndDroppedConnections() throws Exception {
        logAnalytics.emulator().faults().add(List.of(
                Fault.status(1, 429).withRetryAfter("1"),
                Fault.status(1, 503),
                Fault.drop(1, Fault.DROP_BEFORE_READ),
                Fault.drop(1, Fault.DROP_AFTER_READ),
                Fault.latency(2, 300)));
        List<CompletableFuture<Exchange>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            futures.add(template.asyncSend("direct:orders", e -> e.getMessage().setBody(Map.of("n", n))));
        }

        for (CompletableFuture<Exchange> f : futures) {
            assertThat(f.get(30, TimeUnit.SECONDS).getException()).isNull();
        }
        List<Map<String, Object>> rows = logAnalytics.rows("Orders_CL");
        assertThat(rows).extracting(r -> ((Double) r.get("n_d")).intValue()).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.range(0, 200).boxed().toList());
        assertThat(logAnalytics.emulator().faults().size()).isZero();
    }
}
