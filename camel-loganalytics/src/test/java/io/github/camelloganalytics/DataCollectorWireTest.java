package io.github.camelloganalytics;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What goes on the wire: URL, headers, body bytes and signature, exactly as the Data Collector API checks them.
 */
class DataCollectorWireTest extends WireMockServiceSupport {

    @BeforeEach
    void acceptEverything() {
        service.stubFor(post(urlPathEqualTo("/api/logs")).willReturn(ok()));
    }

    @Test
    void requestHasTheDocumentedUrlAndHeaders() {
        template.sendBody(uri("AppEvents", "batchTimeout=10"), Map.of("level", "info"));

        LoggedRequest request = received().get(0);
        assertThat(request.getUrl()).isEqualTo("/api/logs?api-version=2016-04-01");
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(request.getHeader("Log-Type")).isEqualTo("AppEvents");
        assertThat(request.getHeader("x-ms-date")).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        assertThat(request.getHeader("Authorization")).startsWith("SharedKey " + WORKSPACE + ":");
        assertThat(request.containsHeader("time-generated-field")).isFalse();
        assertThat(request.containsHeader("x-ms-AzureResourceId")).isFalse();
        assertThat(request.getBodyAsString()).isEqualTo("[{\"level\":\"info\"}]");
    }

    @Test
    void signatureCoversTheUtf8ByteCountOfAccentsCjkAndEmoji() {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("name", "Zoë Ångström");
        record.put("city", "東京");
        record.put("mood", "🎉");
        template.sendBody(uri("AppEvents", "batchTimeout=10"), record);

        LoggedRequest request = received().get(0);
        byte[] expected = "[{\"name\":\"Zoë Ångström\",\"city\":\"東京\",\"mood\":\"🎉\"}]".getBytes(StandardCharsets.UTF_8);
        assertThat(request.getBody()).isEqualTo(expected);
        assertThat(request.getHeader("Content-Length")).isEqualTo(String.valueOf(expected.length));
        assertThat(hasValidSignature(request, KEY)).isTrue();
        assertThat(hasValidSignature(request, SECONDARY_KEY)).isFalse();
    }

    @Test
    void timeGeneratedFieldAndResourceIdBecomeHeaders() {
        String resource = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.Web/sites/shop";
        template.sendBody(uri("AppEvents", "batchTimeout=10&timeGeneratedField=eventTime&resourceId=" + resource),
                Map.of("eventTime", "2026-11-25T10:00:00Z"));

        LoggedRequest request = received().get(0);
        assertThat(request.getHeader("time-generated-field")).isEqualTo("eventTime");
        assertThat(request.getHeader("x-ms-AzureResourceId")).isEqualTo(resource);
    }

    @Test
    void headersOfTheExchangeOverrideTheEndpoint() {
        template.send(uri("AppEvents", "batchTimeout=10&timeGeneratedField=eventTime"), exchange -> {
            exchange.getMessage().setBody(Map.of("at", "2026-11-25T10:00:00Z"));
            exchange.getMessage().setHeader(LogAnalyticsConstants.LOG_TYPE, "Audit");
            exchange.getMessage().setHeader(LogAnalyticsConstants.TIME_GENERATED_FIELD, "at");
            exchange.getMessage().setHeader(LogAnalyticsConstants.RESOURCE_ID, "/subscriptions/x/resourceGroups/y");
        });

        LoggedRequest request = received().get(0);
        assertThat(request.getHeader("Log-Type")).isEqualTo("Audit");
        assertThat(request.getHeader("time-generated-field")).isEqualTo("at");
        assertThat(request.getHeader("x-ms-AzureResourceId")).isEqualTo("/subscriptions/x/resourceGroups/y");
    }

    @Test
    void acceptedExchangeCarriesRecordCountAndStatus() {
        Exchange result = template.request(uri("AppEvents", "batchTimeout=10"),
                e -> e.getMessage().setBody("[{\"a\":1},{\"a\":2},{\"a\":3}]"));

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getHeader(LogAnalyticsConstants.RECORD_COUNT)).isEqualTo(3);
        assertThat(result.getMessage().getHeader(LogAnalyticsConstants.STATUS_CODE)).isEqualTo(200);
    }
}
