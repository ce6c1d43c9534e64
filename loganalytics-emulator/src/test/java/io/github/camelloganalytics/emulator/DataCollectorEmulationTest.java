package io.github.camelloganalytics.emulator;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulator answers Data Collector requests as the service documents it.
 */
class DataCollectorEmulationTest {

    static final String WS = "11111111-2222-3333-4444-555555555555";
    static final String KEY = "ZW11bGF0b3ItdGVzdC1rZXktMDEyMzQ1Njc4OQ==";
    static final String SECONDARY = "c2Vjb25kYXJ5LWVtdWxhdG9yLWtleS0wMTIzNDU2Nzg5";
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static LogAnalyticsEmulatorExtension emulator = LogAnalyticsEmulatorExtension.withWorkspace(WS, KEY, SECONDARY);

    DataCollectorClient client;

    @BeforeEach
    void client() {
        client = new DataCollectorClient(emulator.endpoint());
    }

    DataCollectorClient.Post post(String body) {
        return client.post(WS, KEY).body(body);
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(json(response).get("Error").asText()).isEqualTo(code);
        assertThat(json(response).get("Message").asText()).isNotBlank();
    }

    @Test
    void correctlySignedRequestIsAcceptedAndStored() throws Exception {
        HttpResponse<String> response = post("[{\"message\":\"hello\"}]").send();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(emulator.rows("AppEvents_CL")).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("message_s", "hello").containsEntry("Type", "AppEvents_CL");
            assertThat(row).containsKey("TimeGenerated");
        });
    }

    @Test
    void secondaryKeyIsAccepted() throws Exception {
        assertThat(client.post(WS, SECONDARY).body("[{\"a\":1}]").send().statusCode()).isEqualTo(200);
    }

    @Test
    void tamperedSignatureIsForbidden() throws Exception {
        DataCollectorClient.Post request = post("[{\"a\":1}]");
        String good = DataCollectorClient.hmac(KEY, "POST\n9\napplication/json\nx-ms-date:" + request.date + "\n/api/logs");
        request.signatureOverride = (good.charAt(0) == 'A' ? 'B' : 'A') + good.substring(1);

        assertError(request.send(), 403, "InvalidAuthorization");
        assertThat(emulator.rows("AppEvents_CL")).isEmpty();
    }

    @Test
    void wrongKeyIsForbidden() throws Exception {
        assertError(client.post(WS, "b3RoZXIta2V5").body("[{\"a\":1}]").send(), 403, "InvalidAuthorization");
    }

    @Test
    void nonAsciiBodyMustBeSignedWithItsUtf8ByteCount() throws Exception {
        String body = "[{\"name\":\"Zoë\",\"city\":\"東京\",\"mood\":\"🎉\"}]";
        assertThat(post(body).send().statusCode()).isEqualTo(200);

        DataCollectorClient.Post charCount = post(body);
        charCount.signedLength = body.length();
        assertError(charCount.send(), 403, "InvalidAuthorization");
        assertThat(emulator.rows("AppEvents_CL")).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("city_s", "東京").containsEntry("mood_s", "🎉"));
    }

    @Test
    void charsetInContentTypeBreaksTheSignature() throws Exception {
        DataCollectorClient.Post request = post("[{\"a\":1}]");
        request.contentType = "application/json; charset=utf-8";
        assertError(request.send(), 403, "InvalidAuthorization");
    }

    @Test
    void contentTypeMustBeJson() throws Exception {
        DataCollectorClient.Post missing = post("[{\"a\":1}]");
        missing.contentType = null;
        assertError(missing.send(), 400, "MissingContentType");
        DataCollectorClient.Post text = post("[{\"a\":1}]");
        text.contentType = "text/plain";
        assertError(text.send(), 400, "UnsupportedContentType");
    }

    @Test
    void apiVersionIsChecked() throws Exception {
        DataCollectorClient.Post missing = post("[{\"a\":1}]");
        missing.apiVersion = null;
        assertError(missing.send(), 400, "MissingApiVersion");
        DataCollectorClient.Post wrong = post("[{\"a\":1}]");
        wrong.apiVersion = "2023-01-01";
        assertError(wrong.send(), 400, "InvalidApiVersion");
    }

    @Test
    void logTypeIsChecked() throws Exception {
        assertError(post("[{\"a\":1}]").logType(null).send(), 400, "MissingLogType");
        assertError(post("[{\"a\":1}]").logType("App-Events").send(), 400, "InvalidLogType");
        assertError(post("[{\"a\":1}]").logType("x".repeat(101)).send(), 400, "InvalidLogType");
        assertThat(post("[{\"a\":1}]").logType("Web_2").send().statusCode()).isEqualTo(200);
    }

    @Test
    void dateMustBePresentRfc1123AndWithinFifteenMinutes() throws Exception {
        DataCollectorClient.Post missing = post("[{\"a\":1}]");
        missing.date = null;
        assertError(missing.send(), 403, "InvalidAuthorization");

        DataCollectorClient.Post stale = post("[{\"a\":1}]");
        stale.date = DataCollectorClient.RFC1123.format(EmulatorClock.now().minus(20, ChronoUnit.MINUTES));
        assertError(stale.send(), 403, "InvalidAuthorization");

        DataCollectorClient.Post slightlyOff = post("[{\"a\":1}]");
        slightlyOff.date = DataCollectorClient.RFC1123.format(EmulatorClock.now().minus(10, ChronoUnit.MINUTES));
        assertThat(slightlyOff.send().statusCode()).isEqualTo(200);
    }

    @Test
    void singleDigitDayIsRefusedWhereTheTwoDigitDayIsAccepted() throws Exception {
        java.time.Clock fourthOfNovember = java.time.Clock.fixed(Instant.parse("2026-11-04T10:00:00Z"), java.time.ZoneOffset.UTC);
        try (LogAnalyticsEmulator onTheFourth = LogAnalyticsEmulator.builder().workspace(WS, KEY).clock(fourthOfNovember).start()) {
            DataCollectorClient client = new DataCollectorClient(onTheFourth.endpoint());

            DataCollectorClient.Post padded = client.post(WS, KEY).body("[{\"a\":1}]");
            padded.date = "Wed, 04 Nov 2026 10:00:00 GMT";
            assertThat(padded.send().statusCode()).isEqualTo(200);

            DataCollectorClient.Post unpadded = client.post(WS, KEY).body("[{\"a\":1}]");
            unpadded.date = "Wed, 4 Nov 2026 10:00:00 GMT"; // what DateTimeFormatter.RFC_1123_DATE_TIME prints
            assertError(unpadded.send(), 403, "InvalidAuthorization");
        }
    }

    @Test
    void unknownWorkspaceIsInvalidCustomerId() throws Exception {
        assertError(client.post("99999999-2222-3333-4444-555555555555", KEY).body("[{\"a\":1}]").send(), 400,
                "InvalidCustomerId");
    }

    @Test
    void bodyOverThirtyMegabytesIsNotFound() throws Exception {
        String big = "[{\"blob\":\"" + "x".repeat(DataCollectorApi.MAX_BODY_BYTES) + "\"}]";
        HttpResponse<String> response = post(big).send();
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("too large");
    }

    @Test
    void bodyMustBeAJsonArrayOfObjects() throws Exception {
        assertError(post("[{\"a\":1}").send(), 400, "InvalidDataFormat");
        assertError(post("{\"a\":1}").send(), 400, "InvalidDataFormat");
        assertError(post("[{\"a\":1}, 2]").send(), 400, "InvalidDataFormat");
        assertThat(emulator.rows("AppEvents_CL")).isEmpty();
    }

    @Test
    void reservedPropertiesAreRefused() throws Exception {
        for (String reserved : List.of("tenant", "TimeGenerated", "RawData")) {
            assertError(post("[{\"" + reserved + "\":\"x\"}]").send(), 400, "InvalidDataFormat");
        }
    }

    @Test
    void theDocumentedFourPostTypeExampleComesOutExactly() throws Exception {
        // 1. a new record type: number, bool and string values
        assertThat(post("[{\"number\":1,\"boolean\":true,\"string\":\"str\"}]").logType("MyRecordType").send().statusCode())
                .isEqualTo(200);
        assertThat(emulator.columns("MyRecordType_CL").keySet())
                .containsExactly("TimeGenerated", "number_d", "boolean_b", "string_s", "Type");

        // 2. the same values as strings convert to the existing types: nothing changes
        post("[{\"number\":\"1\",\"boolean\":\"true\",\"string\":\"str\"}]").logType("MyRecordType").send();
        assertThat(emulator.columns("MyRecordType_CL").keySet())
                .containsExactly("TimeGenerated", "number_d", "boolean_b", "string_s", "Type");
        assertThat(emulator.rows("MyRecordType_CL").get(1))
                .containsEntry("number_d", 1.0).containsEntry("boolean_b", true).containsEntry("string_s", "str");

        // 3. values that cannot be converted create boolean_d and string_d
        post("[{\"number\":2.3,\"boolean\":2.3,\"string\":2.3}]").logType("MyRecordType").send();
        assertThat(emulator.columns("MyRecordType_CL"))
                .containsEntry("number_d", "real").containsEntry("boolean_b", "bool").containsEntry("string_s", "string")
                .containsEntry("boolean_d", "real").containsEntry("string_d", "real");
        assertThat(emulator.columns("MyRecordType_CL")).hasSize(7);

        // 4. all strings, before the record type existed: number_s, boolean_s, string_s
        post("[{\"number\":\"1\",\"boolean\":\"true\",\"string\":\"str\"}]").logType("MyOtherType").send();
        assertThat(emulator.columns("MyOtherType_CL").keySet())
                .containsExactly("TimeGenerated", "number_s", "boolean_s", "string_s", "Type");
    }

    @Test
    void guidsAreNormalizedNullsDroppedDatesTyped() throws Exception {
        post("[{\"id\":\"8145d82213a744ad859c36f31a84f6dd\",\"gone\":null,\"at\":\"2026-11-25T10:00:00Z\",\"nested\":{\"k\":[1,2]}}]").send();

        Map<String, Object> row = emulator.rows("AppEvents_CL").get(0);
        assertThat(row).containsEntry("id_g", "8145d822-13a7-44ad-859c-36f31a84f6dd")
                .containsEntry("at_t", "2026-11-25T10:00:00Z")
                .containsEntry("nested_s", "{\"k\":[1,2]}")
                .doesNotContainKeys("gone_s", "gone_d", "gone_b");
        assertThat(emulator.columns("AppEvents_CL")).containsEntry("id_g", "guid").containsEntry("at_t", "datetime");
    }

    @Test
    void fieldValuesAreTruncatedAtThirtyTwoKilobytes() throws Exception {
        post("[{\"long\":\"" + "é".repeat(20_000) + "\"}]").send();

        String stored = (String) emulator.rows("AppEvents_CL").get(0).get("long_s");
        assertThat(stored.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(32 * 1024);
    }

    @Test
    void timeGeneratedComesFromTheTimeFieldWithinTheWindow() throws Exception {
        String recent = EmulatorClock.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        String tooOld = EmulatorClock.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        post("[{\"at\":\"" + recent + "\"},{\"at\":\"" + tooOld + "\"}]").header("time-generated-field", "at").send();

        List<Map<String, Object>> rows = emulator.rows("AppEvents_CL");
        assertThat(rows.get(0).get("TimeGenerated")).isEqualTo(recent);
        Instant ingested = Instant.parse((String) rows.get(1).get("TimeGenerated"));
        assertThat(ingested).isAfter(EmulatorClock.now().minus(1, ChronoUnit.MINUTES));
        assertThat(rows.get(1)).containsEntry("at_t", tooOld);
    }

    @Test
    void resourceIdFillsTheResourceIdColumn() throws Exception {
        post("[{\"a\":1}]").header("x-ms-AzureResourceId", "/subscriptions/s/resourceGroups/rg").send();
        assertThat(emulator.rows("AppEvents_CL").get(0)).containsEntry("_ResourceId", "/subscriptions/s/resourceGroups/rg");
    }

    @Test
    void queryApiListsTablesServesRowsAndClears() throws Exception {
        post("[{\"a\":1},{\"a\":2}]").send();
        post("[{\"b\":true}]").logType("Other").send();

        JsonNode tables = json(client.get("/emulator/workspaces/" + WS + "/tables"));
        assertThat(tables.get("tables").toString())
                .isEqualTo("[{\"name\":\"AppEvents_CL\",\"rowCount\":2},{\"name\":\"Other_CL\",\"rowCount\":1}]");

        JsonNode table = json(client.get("/emulator/workspaces/" + WS + "/tables/AppEvents_CL"));
        assertThat(table.get("columns").get("a_d").asText()).isEqualTo("real");
        assertThat(table.get("rows")).hasSize(2);
        assertThat(table.get("rows").get(1).get("a_d").asDouble()).isEqualTo(2.0);

        assertThat(client.delete("/emulator/workspaces/" + WS + "/tables/AppEvents_CL").statusCode()).isEqualTo(204);
        assertThat(emulator.rows("AppEvents_CL")).isEmpty();
        assertThat(client.get("/emulator/workspaces/" + WS + "/tables/Nope_CL").statusCode()).isEqualTo(404);
    }

    @Test
    void anEmptyArrayIsAcceptedAndCreatesNoTable() throws Exception {
        HttpResponse<String> response = post("[]").logType("Empty").send();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-ms-request-id")).isPresent();
        assertThat(emulator.emulator().workspace(WS).table("Empty_CL")).isNull();
    }
}
