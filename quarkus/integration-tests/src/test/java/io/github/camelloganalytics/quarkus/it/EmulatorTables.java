package io.github.camelloganalytics.quarkus.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a table through the emulator's HTTP API, as a developer would with curl.
 */
final class EmulatorTables {

    private EmulatorTables() {
    }

    /** {@code {"columns": {"name": "type", ...}, "rows": [...]}}, or null when the table has no rows yet. */
    static JsonNode table(String endpoint, String workspaceId, String table) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(endpoint + "/emulator/workspaces/" + workspaceId + "/tables/" + table)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 404 ? null : new ObjectMapper().readTree(response.body());
    }
}
