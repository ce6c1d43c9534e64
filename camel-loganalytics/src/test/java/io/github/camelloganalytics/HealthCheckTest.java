package io.github.camelloganalytics;

import java.util.Map;

import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The producer's readiness follows what the service last said.
 */
class HealthCheckTest extends WireMockServiceSupport {

    @Test
    void downWhileTheLastBatchFailedAndUpOnceOneIsAccepted() {
        String uri = uri("AppEvents", "batchTimeout=10");
        LogAnalyticsEndpoint endpoint = context.getEndpoint(uri, LogAnalyticsEndpoint.class);
        LogAnalyticsProducerHealthCheck check = new LogAnalyticsProducerHealthCheck(endpoint, "test");
        assertThat(check.call().getState()).as("before the producer started").isEqualTo(HealthCheck.State.DOWN);

        service.stubFor(post(urlPathEqualTo("/api/logs")).willReturn(ok()));
        template.sendBody(uri, Map.of("a", 1));
        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(check.call().getDetails()).containsEntry("records.accepted", 1L);

        service.resetAll();
        service.stubFor(post(urlPathEqualTo("/api/logs")).willReturn(aResponse().withStatus(403)
                .withBody("{\"Error\":\"InvalidAuthorization\",\"Message\":\"An invalid scheme was specified\"}")));
        template.send(uri, e -> e.getMessage().setBody(Map.of("a", 2)));
        HealthCheck.Result down = check.call();
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage()).get().asString().contains("HTTP 403", "InvalidAuthorization");
        assertThat(down.getDetails()).containsEntry(HealthCheck.HTTP_RESPONSE_CODE, 403).containsEntry("error.code", "InvalidAuthorization");
        assertThat(check.isLiveness()).isFalse();

        service.resetAll();
        service.stubFor(post(urlPathEqualTo("/api/logs")).willReturn(ok()));
        template.sendBody(uri, Map.of("a", 3));
        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
    }
}
