package io.github.camelloganalytics.emulator;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

    /** {@code hours} before now on the emulator's clock, in whole seconds. */
    static String hoursAgo(long hours) {
        return EmulatorClock.now().minus(Duration.ofHours(hours)).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Test
    void gzipBodyIsAcceptedWith204AndKeepsDeclaredColumnsOnly() throws Exception {
        String anHourAgo = hoursAgo(1);
        HttpResponse<String> response = post("[{\"TimeGenerated\":\"" + anHourAgo + "\",\"orderId\":\"8145d82213a744ad859c36f31a84f6dd\","
                                              + "\"total\":12.5,\"items\":3,\"paid\":true,\"customer\":\"Zoë\",\"lines\":[{\"sku\":\"A\"}],"
                                              + "\"undeclared\":\"dropped\"}]");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(emulator.columns("Orders_CL")).containsEntry("total", "real").containsEntry("lines", "dynamic")
                .doesNotContainKey("undeclared");
        assertThat(emulator.rows("Orders_CL")).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("TimeGenerated", anHourAgo)
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
        // random content, so that even compressed the body as sent is over the limit
        byte[] noise = new byte[1_200_000];
        new java.util.Random(1).nextBytes(noise);
        StringBuilder big = new StringBuilder("[{\"customer\":\"")
                .append(java.util.Base64.getEncoder().encodeToString(noise)).append("\"}]");
        byte[] sent = gzip(big.toString().getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = post(RULE, STREAM, TOKEN, big.toString().getBytes(StandardCharsets.UTF_8), true);
        assertError(response, 413, "ContentLengthLimitExceeded");
        assertThat(response.body()).contains("Maximum allowed content length: 1048576 bytes",
                "Provided content length: " + sent.length + " bytes");
    }

    @Test
    void theLimitAppliesToTheBodyAsSentSoAGzipChunkThatInflatesPastOneMebibyteIsAccepted() throws Exception {
        // what the Python SDK sends: about 1,049,700 bytes of JSON, far less once compressed
        StringBuilder json = new StringBuilder("[");
        int n = 0;
        while (json.length() < 1_049_700) {
            json.append(n == 0 ? "" : ",").append("{\"customer\":\"customer-").append(n++).append("\",\"total\":12.5}");
        }
        json.append("]");
        byte[] raw = json.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(raw.length).isGreaterThan(1024 * 1024);

        assertThat(post(RULE, STREAM, TOKEN, raw, true).statusCode()).isEqualTo(204);
        assertThat(emulator.rows("Orders_CL")).hasSize(n);
        assertError(post(RULE, STREAM, TOKEN, raw, false), 413, "ContentLengthLimitExceeded");
    }

    @Test
    void aQueryParameterNameMayBePercentEncodedAsTheJavaScriptSdkSendsIt() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/dataCollectionRules/" + RULE
                                                                + "/streams/" + STREAM + "?api%2Dversion=2023-01-01"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("[{\"total\":1}]")).build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
    }

    @Test
    void everyDeclaredColumnTypeTakesEveryJsonValueKindWithoutFailingTheRequest() throws Exception {
        Map<String, String> columns = new LinkedHashMap<>();
        for (String type : List.of("string", "int", "long", "real", "boolean", "datetime", "guid", "dynamic")) {
            columns.put("c_" + type, type);
        }
        emulator.emulator().dataCollectionRule(RULE).addStream("Custom-Typed_CL", columns);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("integer", "3");
        values.put("fraction", "1.5");
        values.put("wholeReal", "2.0");
        values.put("true", "true");
        values.put("false", "false");
        values.put("text", "\"yes\"");
        values.put("numericText", "\"42\"");
        values.put("booleanText", "\"TRUE\"");
        values.put("date", "\"2026-11-27T10:00:00Z\"");
        values.put("guid", "\"8145d82213a744ad859c36f31a84f6dd\"");
        values.put("object", "{\"a\":1}");
        values.put("array", "[1,2]");
        values.put("null", "null");
        for (Map.Entry<String, String> value : values.entrySet()) {
            StringBuilder record = new StringBuilder("[{");
            columns.keySet().forEach(c -> record.append('"').append(c).append("\":").append(value.getValue()).append(','));
            record.setLength(record.length() - 1);
            record.append("}]");
            HttpResponse<String> response = post(RULE, "Custom-Typed_CL", TOKEN,
                    record.toString().getBytes(StandardCharsets.UTF_8), true);
            assertThat(response.statusCode()).as("a %s value", value.getKey()).isEqualTo(204);
        }
        List<Map<String, Object>> rows = emulator.rows("Typed_CL");
        assertThat(rows).hasSize(values.size());
        Map<String, Object> integer = rows.get(0);
        assertThat(integer).containsEntry("c_int", 3L).containsEntry("c_real", 3.0).containsEntry("c_string", "3")
                .doesNotContainKey("c_boolean").doesNotContainKey("c_datetime");
        Map<String, Object> fraction = rows.get(1);
        assertThat(fraction).as("a fraction leaves an integer cell empty").doesNotContainKey("c_int").containsEntry("c_real", 1.5);
        assertThat(rows.get(2)).as("a whole real fits an integer").containsEntry("c_long", 2L);
        assertThat(rows.get(3)).containsEntry("c_boolean", true).doesNotContainKey("c_int");
        assertThat(rows.get(5)).as("text that is no number").doesNotContainKey("c_int").doesNotContainKey("c_real")
                .containsEntry("c_string", "yes");
        assertThat(rows.get(6)).containsEntry("c_int", 42L).containsEntry("c_real", 42.0);
        assertThat(rows.get(7)).containsEntry("c_boolean", true);
        assertThat(rows.get(8)).containsEntry("c_datetime", "2026-11-27T10:00:00Z");
        assertThat(rows.get(9)).containsEntry("c_guid", "8145d822-13a7-44ad-859c-36f31a84f6dd");
        assertThat(rows.get(10)).containsEntry("c_string", "{\"a\":1}").containsEntry("c_dynamic", Map.of("a", 1))
                .doesNotContainKey("c_int");
        assertThat(rows.get(12)).containsOnlyKeys("TimeGenerated", "Type");
    }

    @Test
    void anEmptyArrayIsAcceptedAndCreatesNoTable() throws Exception {
        assertThat(post(RULE, STREAM, TOKEN, "[]".getBytes(StandardCharsets.UTF_8), true).statusCode()).isEqualTo(204);
        assertThat(emulator.emulator().workspace(WS).table("Orders_CL")).isNull();
    }

    @Test
    void everyAnswerCarriesARequestId() throws Exception {
        assertThat(post("[{\"total\":1}]").headers().firstValue("x-ms-request-id")).isPresent();
        assertThat(post(RULE, STREAM, "wrong", "[]".getBytes(StandardCharsets.UTF_8), true).headers()
                .firstValue("x-ms-request-id")).isPresent();
    }

    @Test
    void injectedFaultsAnswerInTheLogsIngestionErrorShape() throws Exception {
        emulator.emulator().faults().add(List.of(Fault.status(1, 503)));
        HttpResponse<String> response = post("[{\"total\":1}]");
        assertError(response, 503, "InjectedFault");
        assertThat(response.headers().firstValue("x-ms-error-code")).contains("InjectedFault");
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
                .isAfter(EmulatorClock.now().minusSeconds(60));
    }

    @Test
    void faultsApplyToLogsIngestionToo() throws Exception {
        emulator.emulator().faults().add(List.of(new Fault(1, 429, null, "250", 0, null, null)));
        HttpResponse<String> throttled = post("[{\"total\":1}]");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("retry-after-ms")).contains("250");
        assertThat(post("[{\"total\":1}]").statusCode()).isEqualTo(204);
    }

    @Test
    void timeGeneratedOutsideTheServicesWindowIsTheTimeOfReceiptAndCounted() throws Exception {
        String twoDaysAgoLessAnHour = hoursAgo(47);
        String threeDaysAgo = hoursAgo(72);
        String twoDaysAhead = EmulatorClock.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS).toString();
        Instant before = EmulatorClock.now().minusSeconds(1);

        assertThat(post("[{\"TimeGenerated\":\"" + twoDaysAgoLessAnHour + "\"},{\"TimeGenerated\":\"" + threeDaysAgo
                        + "\"},{\"TimeGenerated\":\"" + twoDaysAhead + "\"},{\"TimeGenerated\":\"soon\"},{}]").statusCode())
                .isEqualTo(204);

        List<Map<String, Object>> rows = emulator.rows("Orders_CL");
        assertThat(rows.get(0)).containsEntry("TimeGenerated", twoDaysAgoLessAnHour);
        for (Map<String, Object> replaced : rows.subList(1, 5)) {
            assertThat(Instant.parse((String) replaced.get("TimeGenerated"))).as("the time of receipt").isAfter(before);
        }
        assertThat(emulator.drops(STREAM).timeGeneratedReplaced()).as("a missing TimeGenerated is not a drop").isEqualTo(3);
    }

    @Test
    void whatAStreamDropsSilentlyIsReportedByItsHttpApi() throws Exception {
        assertThat(post("[{\"orderID\":\"8145d82213a744ad859c36f31a84f6dd\",\"total\":\"twelve\",\"items\":2},"
                        + "{\"orderID\":\"x\",\"customer\":\"" + "y".repeat(70_000) + "\"}]").statusCode()).isEqualTo(204);

        HttpResponse<String> drops = http.send(HttpRequest.newBuilder(URI.create(emulator.endpoint()
                + "/emulator/dataCollectionRules/" + RULE + "/streams/" + STREAM + "/drops")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(drops.statusCode()).isEqualTo(200);
        JsonNode report = new ObjectMapper().readTree(drops.body());
        assertThat(report.get("droppedColumns").get("orderID").asLong()).isEqualTo(2);
        assertThat(report.get("unconvertedValues").get("total").asLong()).isEqualTo(1);
        assertThat(report.get("truncatedValues").asLong()).as("a value over 64 KB").isEqualTo(1);
        assertThat(emulator.rows("Orders_CL").get(1).get("customer").toString()).hasSize(64 * 1024);
    }

    @Test
    void streamsAreDeclaredWithTheServicesColumnRules() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> LogAnalyticsEmulator.builder()
                .dataCollectionRule(RULE, STREAM, Map.of("1st", "string")).build()))
                .hasMessageContaining("must start with a letter");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> LogAnalyticsEmulator.builder()
                .dataCollectionRule(RULE, STREAM, Map.of("a".repeat(46), "string")).build()))
                .hasMessageContaining("at most 45");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> LogAnalyticsEmulator.builder()
                .dataCollectionRule(RULE, STREAM, Map.of("TenantId", "string")).build()))
                .hasMessageContaining("reserved name");
    }
}
