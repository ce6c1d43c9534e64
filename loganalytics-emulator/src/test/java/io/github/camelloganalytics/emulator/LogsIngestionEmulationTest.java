package io.github.camelloganalytics.emulator;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulator answers Logs Ingestion requests as the service documents it.
 */
class LogsIngestionEmulationTest {

    static final String WS = DataCollectorEmulationTest.WS;
    static final String RULE = "dcr-000a00a000a00000a000000aa000a0aa";
    static final String STREAM = "Custom-Orders_CL";
    static final String TOKEN = "test-token-1";

    static Map<String, String> columns() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("TimeGenerated", "datetime");
        columns.put("orderId", "guid");
        columns.put("total", "real");
        columns.put("items", "int");
        columns.put("paid", "boolean");
        columns.put("customer", "string");
        columns.put("lines", "dynamic");
        return columns;
    }

    @RegisterExtension
    static LogAnalyticsEmulatorExtension emulator = LogAnalyticsEmulatorExtension
            .withWorkspace(WS, DataCollectorEmulationTest.KEY)
            .andDataCollectionRule(RULE, STREAM, columns())
            .andToken(TOKEN);

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> post(String rule, String stream, String token, byte[] body, boolean gzip) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/dataCollectionRules/" + rule
                                                                       + "/streams/" + stream + "?api-version=2023-01-01"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip ? gzip(body) : body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String json) throws Exception {
        return post(RULE, STREAM, TOKEN, json.getBytes(StandardCharsets.UTF_8), true);
    }

    static byte[] gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode error = new ObjectMapper().readTree(response.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(response.headers().firstValue("x-ms-error-code")).contains(code);
    }

    @Test
    void gzipBodyIsAcceptedWith204AndKeepsDeclaredColumnsOnly() throws Exception {
        HttpResponse<String> response = post("[{\"TimeGenerated\":\"2026-11-25T10:00:00Z\",\"orderId\":\"8145d82213a744ad859c36f31a84f6dd\","
                                              + "\"total\":12.5,\"items\":3,\"paid\":true,\"customer\":\"Zoë\",\"lines\":[{\"sku\":\"A\"}],"
                                              + "\"undeclared\":\"dropped\"}]");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(emulator.columns("Orders_CL")).containsEntry("total", "real").containsEntry("lines", "dynamic")
                .doesNotContainKey("undeclared");
        assertThat(emulator.rows("Orders_CL")).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("TimeGenerated", "2026-11-25T10:00:00Z")
                    .containsEntry("orderId", "8145d822-13a7-44ad-859c-36f31a84f6dd")
                    .containsEntry("total", 12.5).containsEntry("items", 3L).containsEntry("paid", true)
                    .containsEntry("customer", "Zoë").containsEntry("lines", List.of(Map.of("sku", "A")))
                    .doesNotContainKey("undeclared");
        });
    }

    @Test
    void uncompressedBodiesAreAcceptedToo() throws Exception {
        assertThat(post(RULE, STREAM, TOKEN, "[{\"total\":1}]".getBytes(StandardCharsets.UTF_8), false).statusCode())
                .isEqualTo(204);
    }

    @Test
    void missingOrUnknownTokenIsUnauthorized() throws Exception {
        byte[] body = "[{\"total\":1}]".getBytes(StandardCharsets.UTF_8);
        assertError(post(RULE, STREAM, null, body, true), 401, "InvalidAuthenticationToken");
        assertError(post(RULE, STREAM, "forged", body, true), 401, "InvalidAuthenticationToken");
    }

    @Test
    void unknownRuleOrStreamIsNotFound() throws Exception {
        byte[] body = "[{\"total\":1}]".getBytes(StandardCharsets.UTF_8);
        assertError(post("dcr-ffffffffffffffffffffffffffffffff", STREAM, TOKEN, body, true), 404, "InvalidDcrImmutableId");
        assertError(post(RULE, "Custom-Other_CL", TOKEN, body, true), 404, "InvalidStream");
    }

    @Test
    void requestsOverOneMebibyteAreTooLarge() throws Exception {
        // random-looking content so that gzip cannot shrink it under the limit
        StringBuilder big = new StringBuilder("[{\"customer\":\"");
        java.util.Random random = new java.util.Random(1);
        while (big.length() < 1_100_000) {
            big.append(Long.toString(random.nextLong(), 36));
        }
        big.append("\"}]");
        HttpResponse<String> response = post(big.toString());
        assertError(response, 413, "ContentLengthLimitExceeded");
        assertThat(response.body()).contains("Maximum allowed content length: 1048576 bytes");
    }

    @Test
    void bodyMustBeAJsonArrayOfObjects() throws Exception {
        assertError(post("{\"total\":1}"), 400, "InvalidJson");
        assertError(post("[1,2]"), 400, "InvalidJson");
        assertError(post("[{\"total\":"), 400, "InvalidJson");
        assertError(post(RULE, STREAM, TOKEN, "not gzip".getBytes(StandardCharsets.UTF_8), false) /* plain JSON error */,
                400, "InvalidJson");
    }

    @Test
    void corruptGzipIsRefused() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/dataCollectionRules/" + RULE
                                                                + "/streams/" + STREAM + "?api-version=2023-01-01"))
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("[{\"total\":1}]")).build();
        assertError(http.send(request, HttpResponse.BodyHandlers.ofString()), 400, "InvalidContentEncoding");
    }

    @Test
    void timeGeneratedDefaultsToIngestionTime() throws Exception {
        post("[{\"total\":2}]");
        assertThat(java.time.Instant.parse((String) emulator.rows("Orders_CL").get(0).get("TimeGenerated")))
                .isAfter(java.time.Instant.now().minusSeconds(60));
    }

    @Test
    void faultsApplyToLogsIngestionToo() throws Exception {
        emulator.emulator().faults().add(List.of(new Fault(1, 429, null, "250", 0, null, null)));
        HttpResponse<String> throttled = post("[{\"total\":1}]");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("retry-after-ms")).contains("250");
        assertThat(post("[{\"total\":1}]").statusCode()).isEqualTo(204);
    }
}
