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
 * The examples application, run against the emulator as the README's command runs it, ships through the Logs
 * Ingestion API: every record lands in its stream's table with the declared types, and nothing is dropped silently.
 */
class ExamplesApplicationTest {

    @Test
    void examplesShipEverythingThroughLogsIngestionAndPrintWhatLanded() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ExamplesApplication.Report report = new ExamplesApplication(Map.of(),
                new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        String output = printed.toString(StandardCharsets.UTF_8);

        assertThat(report.failures()).isEmpty();
        assertThat(report.target()).contains("local Log Analytics emulator", "Logs Ingestion API");
        assertThat(report.tables()).containsOnlyKeys("HttpRequests_CL", "AppEvents_CL", "AuditEvents_CL");
        assertThat(report.drops()).allSatisfy((stream, drops) -> assertThat(drops.isEmpty()).as(stream).isTrue());

        int accessLines = new AccessLogParser().parse(new String(AccessLogParser.class
                .getResourceAsStream(AccessLogParser.BUNDLED).readAllBytes(), StandardCharsets.UTF_8)).size();
        assertThat(accessLines).isEqualTo(240);
        assertThat(report.shipped()).containsEntry("access log records (Java DSL)", accessLines);
        JsonNode http = report.tables().get("HttpRequests_CL");
        assertThat(http.get("rows")).hasSize(accessLines);
        assertThat(http.get("columns").get("status").asText()).isEqualTo("int");
        assertThat(http.get("columns").get("durationMs").asText()).isEqualTo("real");
        assertThat(http.get("columns").get("error").asText()).isEqualTo("boolean");
        JsonNode first = http.get("rows").get(0);
        assertThat(first.get("status").isIntegralNumber()).isTrue();
        assertThat(first.get("TimeGenerated").asText()).as("the request's own time").isEqualTo(first.get("requestTime").asText());

        JsonNode app = report.tables().get("AppEvents_CL");
        JsonNode audit = report.tables().get("AuditEvents_CL");
        assertThat(app.get("rows").size() + audit.get("rows").size()).isEqualTo(ExamplesApplication.APP_EVENTS);
        assertThat(app.get("columns").get("success").asText()).isEqualTo("boolean");
        for (JsonNode row : app.get("rows")) {
            assertThat(row.get("kind").asText()).isEqualTo("AppEvents");
            // the time field became TimeGenerated
            assertThat(Instant.parse(row.get("TimeGenerated").asText()))
                    .isEqualTo(Instant.parse(row.get("eventTime").asText()))
                    .isAfter(Instant.now().minus(1, ChronoUnit.HOURS));
        }

        assertThat(output).contains("Table HttpRequests_CL: 240 rows", "status", "int", "first rows:", "nothing dropped");
    }
}
