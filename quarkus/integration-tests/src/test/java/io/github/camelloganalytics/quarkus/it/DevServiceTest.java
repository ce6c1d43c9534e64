package io.github.camelloganalytics.quarkus.it;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no Azure settings at all, the Dev Service starts the emulator and both routes ship to it; acknowledged
 * delivery means the rows are there when the exchange completes.
 */
@QuarkusTest
class DevServiceTest {

    @Inject
    ProducerTemplate template;

    @ConfigProperty(name = "camel.component.loganalytics.endpoint")
    String endpoint;

    @ConfigProperty(name = "camel.component.loganalytics.workspace-id")
    String workspaceId;

    @Test
    void theDevServiceSuppliesALoopbackEmulatorAndAWorkspace() {
        assertThat(endpoint).startsWith("http://127.0.0.1:");
        assertThat(workspaceId).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    @Test
    void aYamlRouteShipsToTheDevServiceWithTheServicesColumnTypes() throws Exception {
        Exchange result = template.request("direct:orders", e -> e.getMessage().setBody(List.of(
                Map.of("orderId", "8145d82213a744ad859c36f31a84f6dd", "total", 12.5, "paid", true),
                "{\"total\": 3, \"paid\": false, \"customer\": \"Zoë\"}")));

        assertThat(result.getException()).isNull();
        JsonNode table = EmulatorTables.table(endpoint, workspaceId, "Orders_CL");
        assertThat(table.get("rows")).hasSize(2);
        assertThat(table.get("columns").get("total_d").asText()).isEqualTo("real");
        assertThat(table.get("columns").get("paid_b").asText()).isEqualTo("bool");
        assertThat(table.get("columns").get("orderId_g").asText()).isEqualTo("guid");
        assertThat(table.get("rows").get(1).get("customer_s").asText()).isEqualTo("Zoë");
    }

    @Test
    void aJavaRouteShipsToTheDevServiceWithItsTimeGeneratedField() throws Exception {
        // within the service's TimeGenerated window (2 days back, 1 day ahead), which a fixed date leaves one day
        String anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        Exchange result = template.request("direct:events", e -> e.getMessage().setBody(
                Map.of("at", anHourAgo, "level", "info", "message", "started")));

        assertThat(result.getException()).isNull();
        JsonNode rows = EmulatorTables.table(endpoint, workspaceId, "Events_CL").get("rows");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("TimeGenerated").asText()).isEqualTo(anHourAgo);
        assertThat(rows.get(0).get("level_s").asText()).isEqualTo("info");
    }
}
