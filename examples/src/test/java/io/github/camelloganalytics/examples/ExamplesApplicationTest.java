package io.github.camelloganalytics.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples application, run against the emulator, lands every record in the expected tables and types.
 */
class ExamplesApplicationTest {

    @Test
    void examplesShipEverythingAndPrintWhatLanded() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ExamplesApplication.Report report = new ExamplesApplication(Map.of(),
                new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        String output = printed.toString(StandardCharsets.UTF_8);

        assertThat(report.failures()).isEmpty();
        assertThat(report.target()).contains("local Log Analytics emulator");
        assertThat(report.tables()).containsOnlyKeys("AppEvents_CL", "AuditEvents_CL", "WebAccess_CL", "HttpRequests_CL");
        assertThat(report.shipped()).containsEntry("access log records (Logs Ingestion API)", 240);

        JsonNode dcr = report.tables().get("HttpRequests_CL");
        assertThat(dcr.get("rows")).hasSize(240);
        assertThat(dcr.get("columns").get("status").asText()).isEqualTo("int");
        assertThat(dcr.get("rows").get(0).get("status").isIntegralNumber()).isTrue();
        assertThat(dcr.get("rows").get(0).has("referrer")).as("undeclared column dropped").isFalse();

        int accessLines = new AccessLogParser().parseBundled().size();
        JsonNode web = report.tables().get("WebAccess_CL");
        assertThat(accessLines).isEqualTo(240);
        assertThat(web.get("rows")).hasSize(accessLines);
        assertThat(web.get("columns").get("status_d").asText()).isEqualTo("real");
        assertThat(web.get("columns").get("requestTime_t").asText()).isEqualTo("datetime");
        assertThat(web.get("columns").get("error_b").asText()).isEqualTo("bool");
        assertThat(web.get("columns").get("path_s").asText()).isEqualTo("string");

        JsonNode app = report.tables().get("AppEvents_CL");
        JsonNode audit = report.tables().get("AuditEvents_CL");
        assertThat(app.get("rows").size() + audit.get("rows").size()).isEqualTo(ExamplesApplication.APP_EVENTS);
        assertThat(app.get("columns").get("orderId_g").asText()).isEqualTo("guid");
        assertThat(app.get("columns").get("success_b").asText()).isEqualTo("bool");
        assertThat(audit.get("columns").get("tenantGuid_g").asText()).isEqualTo("guid");
        for (JsonNode row : app.get("rows")) {
            assertThat(row.get("kind_s").asText()).isEqualTo("AppEvents");
            // the time field became TimeGenerated
            assertThat(Instant.parse(row.get("TimeGenerated").asText()))
                    .isEqualTo(Instant.parse(row.get("eventTime_t").asText()))
                    .isAfter(Instant.now().minus(1, ChronoUnit.HOURS));
        }

        assertThat(output).contains("Table WebAccess_CL: 240 rows", "status_d", "real", "first rows:");
    }
}
