package io.github.camelloganalytics;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user sees of a service that is not there, and of several routes that share an endpoint.
 */
class VisibilityTest extends WireMockServiceSupport {

    @Override
    protected boolean useJmx() {
        return true;
    }

    @Test
    void anUnreachableServiceIsLoggedAtWarnFromItsFirstFailedAttemptWithTheTarget() {
        int closed = DeliveryTest.freePort();
        String target = "http://127.0.0.1:" + closed;
        try (LogCapture warnings = new LogCapture(Level.WARN, "io.github.camelloganalytics")) {
            Exchange result = template.request("loganalytics:Unreachable?workspaceId=" + WORKSPACE + "&sharedKey=RAW(" + KEY
                                               + ")&endpoint=" + target + "&batchTimeout=10&retryBackoff=10&maxRetries=3",
                    e -> e.getMessage().setBody(Map.of("a", 1)));

            LogAnalyticsException failure = result.getException(LogAnalyticsException.class);
            assertThat(failure).hasMessageContaining("sent to " + target + "/api/logs?api-version=2016-04-01")
                    .hasMessageContaining("cannot connect to 127.0.0.1:" + closed + " (connection refused)")
                    .hasMessageContaining("still after 4 attempts");
            List<String> lines = warnings.lines();
            assertThat(lines.get(0)).startsWith("Attempt 1 to send 1 records of logType Unreachable to " + target)
                    .contains("cannot connect to 127.0.0.1:" + closed, "retrying in");
            assertThat(lines).as("one line per interval, not one per attempt").hasSizeLessThanOrEqualTo(3);
            assertThat(lines).anySatisfy(line -> assertThat(line).contains("were not delivered (their exchanges failed)"));
        }
    }

    @Test
    void everyRequestSaysWhichComponentCamelAndJavaSentIt() {
        service.stubFor(post(urlPathEqualTo("/api/logs")).willReturn(ok()));
        template.requestBody(uri("Agent", "batchTimeout=10"), Map.of("a", 1));

        service.verify(postRequestedFor(urlPathEqualTo("/api/logs")).withHeader("User-Agent",
                matching("camel-loganalytics/\\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Camel " + context.getVersion().replace(".", "\\.")
                         + "; Java " + System.getProperty("java.version").replace(".", "\\.") + "\\)")));
    }

    @Test
    void routesSharingAnEndpointAddUpAndShareOneReadinessCheck() throws Exception {
        service.stubFor(post(urlPathEqualTo("/api/logs")).willReturn(ok()));
        // what camel-main sets up with camel.health.producers-enabled=true
        org.apache.camel.impl.health.DefaultHealthCheckRegistry registry = new org.apache.camel.impl.health.DefaultHealthCheckRegistry();
        registry.setCamelContext(context);
        context.getCamelContextExtension().addContextPlugin(HealthCheckRegistry.class, registry);
        registry.start();
        org.apache.camel.health.HealthCheckHelper.getHealthCheckRepository(context, "producers",
                org.apache.camel.health.WritableHealthCheckRepository.class).setEnabled(true);
        // a fixed limit: an adaptive one follows the answers' pace, which a loaded machine varies
        String shared = uri("Shared", "batchTimeout=10&adaptiveConcurrency=false&maxConcurrentRequests=4");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:a").routeId("a").to(shared);
                from("direct:b").routeId("b").to(shared);
            }
        });
        LogAnalyticsEndpoint endpoint = context.getEndpoint(shared, LogAnalyticsEndpoint.class);
        HealthCheckRegistry health = HealthCheckRegistry.get(context);

        template.requestBody("direct:a", List.of(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3)));
        template.requestBody("direct:b", List.of(Map.of("n", 4), Map.of("n", 5)));

        assertThat(endpoint.getRecordsAccepted()).as("both routes' records").isEqualTo(5);
        assertThat(endpoint.getConcurrencyLimit()).as("one limit for the endpoint, whatever its producers").isEqualTo(4);
        javax.management.ObjectName mbean = context.getManagementStrategy().getManagementObjectNameStrategy()
                .getObjectNameForEndpoint(endpoint);
        assertThat(java.lang.management.ManagementFactory.getPlatformMBeanServer().getAttribute(mbean, "ConcurrencyLimit"))
                .as("shown by JMX").isEqualTo(4);
        assertThat(readinessChecks(health)).hasSize(1);

        context.getRouteController().stopRoute("a");
        template.requestBody("direct:b", Map.of("n", 6));
        assertThat(endpoint.getRecordsAccepted()).isEqualTo(6);
        assertThat(readinessChecks(health)).hasSize(1)
                .allSatisfy(check -> assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP));

        context.getRouteController().stopRoute("b");
        assertThat(readinessChecks(health)).as("no check is left behind by stopped producers").isEmpty();
        assertThat(endpoint.getInFlightRequests()).isZero();
        assertThat(endpoint.getConcurrencyLimit()).as("no producer runs").isZero();
        assertThat(endpoint.getPendingBytes()).isZero();
    }

    private static List<HealthCheck> readinessChecks(HealthCheckRegistry registry) {
        return registry.stream().filter(c -> c.getId().startsWith("producer:loganalytics-")).toList();
    }
}
