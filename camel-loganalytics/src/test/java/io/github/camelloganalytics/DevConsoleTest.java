package io.github.camelloganalytics;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev console, read through Camel's own registry as {@code camel run --console} and the dev console endpoint do.
 */
class DevConsoleTest extends WireMockServiceSupport {

    private DevConsole console() {
        DevConsoleRegistry registry = context.getCamelContextExtension().getContextPlugin(DevConsoleRegistry.class);
        assertThat(registry).as("camel-console's registry").isNotNull();
        DevConsole console = registry.resolveById("loganalytics");
        assertThat(console).as("the loganalytics console, found by its id").isNotNull();
        return console;
    }

    @Test
    void theConsoleShowsEachEndpointsTargetPendingWorkOutcomesAndLastFailure() {
        service.stubFor(post(urlPathEqualTo("/api/logs")).atPriority(5).willReturn(ok()));
        String accepting = uri("AppEvents", "batchTimeout=10");
        Exchange accepted = template.request(accepting, e -> e.getMessage().setBody(List.of(Map.of("a", 1), Map.of("a", 2))));
        assertThat(accepted.getException()).isNull();
        service.stubFor(post(urlPathEqualTo("/api/logs")).atPriority(1).willReturn(aResponse().withStatus(400)
                .withBody("{\"Error\":\"InvalidLogType\",\"Message\":\"bad\"}")));
        Exchange refused = template.request(uri("Audit", "batchTimeout=10"), e -> e.getMessage().setBody(Map.of("a", 3)));
        assertThat(refused.getException()).isInstanceOf(LogAnalyticsException.class);

        JsonObject json = (JsonObject) console().call(DevConsole.MediaType.JSON);
        JsonArray endpoints = (JsonArray) json.get("endpoints");
        assertThat(endpoints).hasSize(2);
        JsonObject app = endpoints.stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("uri").startsWith("loganalytics://AppEvents")).findFirst().orElseThrow();
        assertThat(app.getString("target")).isEqualTo("http://localhost:" + service.getPort());
        assertThat(app.getString("api")).isEqualTo("dataCollector");
        assertThat(app.getString("deliveryMode")).isEqualTo("acknowledged");
        assertThat(app.getLong("recordsAccepted")).isEqualTo(2);
        assertThat(app.getLong("pendingBytes")).isZero();
        assertThat(app.getInteger("inFlight")).isZero();
        assertThat(app.getInteger("concurrencyLimit")).as("an adaptive limit starts at 4").isEqualTo(4);
        assertThat(app.getInteger("maxConcurrentRequests")).isEqualTo(16);
        assertThat(app.getBoolean("adaptiveConcurrency")).isTrue();
        assertThat(app.get("lastFailure")).isNull();
        JsonObject audit = endpoints.stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("uri").startsWith("loganalytics://Audit")).findFirst().orElseThrow();
        JsonObject failure = (JsonObject) audit.get("lastFailure");
        assertThat(audit.getLong("recordsFailed")).isEqualTo(1);
        assertThat(failure.getInteger("statusCode")).isEqualTo(400);
        assertThat(failure.getString("errorCode")).isEqualTo("InvalidLogType");

        String text = (String) console().call(DevConsole.MediaType.TEXT);
        assertThat(text).contains("Records: 2 accepted, 0 failed, 0 lost", "In flight: 0, 4 allowed now (adaptive, at most 16)", "HTTP 400", "[InvalidLogType]");
        for (String shown : List.of(text, json.toJson())) {
            assertThat(shown).doesNotContain(KEY, KEY.substring(0, 20));
        }
    }
}
