package io.github.camelloganalytics.quarkus.it;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelloganalytics.emulator.EmulatorClock;
import io.github.camelloganalytics.emulator.LogAnalyticsEmulator;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no Azure settings at all, the Dev Service starts the emulator for the Logs Ingestion API with the streams the
 * application declares, and both routes ship to it; acknowledged delivery means the rows are there when the exchange
 * completes.
 */
@QuarkusTest
class DevServiceTest {

    static final String RULE_TABLES = LogAnalyticsEmulator.DEFAULT_WORKSPACE;

    @Inject
    ProducerTemplate template;

    @ConfigProperty(name = "camel.component.loganalytics.endpoint")
    String endpoint;

    @ConfigProperty(name = "camel.component.loganalytics.rule-id")
    String ruleId;

    @ConfigProperty(name = "camel.component.loganalytics.access-token")
    String accessToken;

    @Test
    void theDevServiceSuppliesALoopbackEmulatorARuleAndAToken() {
        assertThat(endpoint).startsWith("http://127.0.0.1:");
        assertThat(ruleId).matches("dcr-[0-9a-f]{32}");
        assertThat(accessToken).isNotBlank();
        assertThat(ConfigProvider.getConfig().getOptionalValue("camel.component.loganalytics.workspace-id", String.class))
                .as("no workspace: the Logs Ingestion API needs none").isEmpty();
    }

    @Test
    void aYamlRouteShipsToTheDevServiceWithTheStreamsDeclaredTypes() throws Exception {
        Exchange result = template.request("direct:orders", e -> e.getMessage().setBody(List.of(
                Map.of("orderId", "8145d82213a744ad859c36f31a84f6dd", "total", 12.5, "paid", true),
                "{\"total\": 3, \"paid\": false, \"customer\": \"Zoë\"}")));

        assertThat(result.getException()).isNull();
        JsonNode table = EmulatorTables.table(endpoint, RULE_TABLES, "Orders_CL");
        assertThat(table.get("rows")).hasSize(2);
        assertThat(table.get("columns").get("total").asText()).isEqualTo("real");
        assertThat(table.get("columns").get("paid").asText()).isEqualTo("boolean");
        assertThat(table.get("columns").get("orderId").asText()).isEqualTo("guid");
        assertThat(table.get("rows").get(1).get("customer").asText()).isEqualTo("Zoë");
    }

    @Test
    void aJavaRouteShipsToTheDevServiceWithItsTimeGeneratedField() throws Exception {
        // within the service's TimeGenerated window (2 days back, 1 day ahead), which a fixed date leaves one day
        String anHourAgo = EmulatorClock.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        Exchange result = template.request("direct:events", e -> e.getMessage().setBody(
                Map.of("at", anHourAgo, "level", "info", "message", "started")));

        assertThat(result.getException()).isNull();
        JsonNode rows = EmulatorTables.table(endpoint, RULE_TABLES, "Events_CL").get("rows");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("TimeGenerated").asText()).isEqualTo(anHourAgo);
        assertThat(rows.get(0).get("level").asText()).isEqualTo("info");
    }
}
