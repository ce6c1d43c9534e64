package io.github.camelloganalytics.emulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads data collection rules and tokens from a JSON file:
 * <pre>
 * {"tokens": ["token-1"],
 *  "dataCollectionRules": [{"id": "dcr-...", "streams": {"Custom-Orders_CL": {"orderId": "guid", "total": "real"}}}]}
 * </pre>
 */
final class DcrFile {

    private DcrFile() {
    }

    static void read(Path file, LogAnalyticsEmulator.Builder builder) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(file));
        for (JsonNode token : root.path("tokens")) {
            builder.acceptToken(token.asText());
        }
        for (JsonNode rule : root.path("dataCollectionRules")) {
            String id = rule.path("id").asText();
            rule.path("streams").fields().forEachRemaining(stream -> {
                Map<String, String> columns = new LinkedHashMap<>();
                stream.getValue().fields().forEachRemaining(c -> columns.put(c.getKey(), c.getValue().asText()));
                builder.dataCollectionRule(id, stream.getKey(), columns);
            });
        }
    }
}
