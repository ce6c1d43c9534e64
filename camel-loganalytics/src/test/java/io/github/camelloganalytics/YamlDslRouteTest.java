package io.github.camelloganalytics;

import java.util.Map;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A YAML DSL route on camel-main, with the workspace and key set once as component properties.
 */
class YamlDslRouteTest extends WireMockServiceSupport {

    @Test
    void yamlRouteShipsRecordsWithComponentLevelSettings() throws Exception {
        service.stubFor(post(urlPathEqualTo("/api/logs")).willReturn(ok()));
        Main main = new Main();
        main.configure().withRoutesIncludePattern("classpath:routes/ship.camel.yaml");
        main.addInitialProperty("camel.component.loganalytics.workspace-id", WORKSPACE);
        main.addInitialProperty("camel.component.loganalytics.shared-key", KEY);
        main.addInitialProperty("camel.component.loganalytics.endpoint", "http://localhost:" + service.getPort());
        main.addInitialProperty("camel.health.producers-enabled", "true");
        main.start();
        try {
            ProducerTemplate producer = main.getCamelContext().createProducerTemplate();
            Exchange result = producer.request("direct:yaml", e -> {
                e.getMessage().setHeader("kind", "Orders");
                e.getMessage().setBody(Map.of("at", "2026-11-25T10:00:00Z", "total", 12.5));
            });

            assertThat(result.getException()).isNull();
            assertThat(result.getMessage().getHeader(LogAnalyticsConstants.STATUS_CODE)).isEqualTo(200);
            LoggedRequest request = received().get(0);
            assertThat(request.getHeader("Log-Type")).isEqualTo("Orders");
            assertThat(request.getHeader("time-generated-field")).isEqualTo("at");
            assertThat(hasValidSignature(request, KEY)).isTrue();

            // with camel-health present, the producer registers its readiness check
            var registry = org.apache.camel.health.HealthCheckRegistry.get(main.getCamelContext());
            var check = registry.stream().filter(c -> c.getId().startsWith("producer:loganalytics-")).findFirst();
            assertThat(check).isPresent();
            assertThat(check.get().call().getState()).isEqualTo(org.apache.camel.health.HealthCheck.State.UP);
        } finally {
            main.stop();
        }
    }
}
