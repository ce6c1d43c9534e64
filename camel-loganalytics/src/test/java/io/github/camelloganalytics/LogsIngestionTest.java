package io.github.camelloganalytics;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * api=logsIngestion on the wire: URL, bearer token, gzip, the 1 MiB limit, error JSON, retries and token refresh.
 */
class LogsIngestionTest extends WireMockServiceSupport {

    static final String RULE = "dcr-000a00a000a00000a000000aa000a0aa";
    static final String PATH = "/dataCollectionRules/" + RULE + "/streams/.*";

    TestTokenCredential credential;

    @BeforeEach
    void bindCredential() {
        credential = new TestTokenCredential("token");
        context.getRegistry().bind("credential", credential);
    }

    static String li(String logType, String options) {
        return "loganalytics:" + logType + "?api=logsIngestion&endpoint=http://localhost:" + service.getPort()
               + "&ruleId=" + RULE + "&credentialType=tokenCredential&tokenCredential=#credential"
               + (options.contains("batchTimeout=") ? "" : "&batchTimeout=10")
               // the wire of records is tested here; the start-up check has tests of its own
               + "&retryBackoff=10&startupCheck=false" + (options.isEmpty() ? "" : "&" + options);
    }

    static MappingBuilder ingestion() {
        return post(urlPathMatching(PATH));
    }

    static List<LoggedRequest> requests() {
        return service.findAll(postRequestedFor(urlPathMatching(PATH)));
    }

    /** The JSON of a request; WireMock hands over gzip bodies already inflated, so inflate only if still gzip. */
    static String gunzip(byte[] body) {
        if (body.length < 2 || (body[0] & 0xff) != 0x1f || (body[1] & 0xff) != 0x8b) {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<JsonNode> recordsOf(LoggedRequest request) {
        try {
            List<JsonNode> records = new ArrayList<>();
            JSON.readTree(gunzip(request.getBody())).forEach(records::add);
            return records;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void requestHasTheDocumentedUrlHeadersAndGzipBody() {
        service.stubFor(ingestion().willReturn(aResponse().withStatus(204)));

        Exchange result = template.request(li("AppEvents", ""), e -> e.getMessage().setBody(
                Map.of("TimeGenerated", "2026-11-25T10:00:00Z", "city", "東京")));

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getHeader(LogAnalyticsConstants.STATUS_CODE)).isEqualTo(204);
        LoggedRequest request = requests().get(0);
        assertThat(request.getUrl()).isEqualTo("/dataCollectionRules/" + RULE + "/streams/Custom-AppEvents_CL?api-version=2023-01-01");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer token-1");
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(request.getHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(request.getHeader("x-ms-client-request-id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(gunzip(request.getBody())).contains("\"TimeGenerated\":\"2026-11-25T10:00:00Z\"", "\"city\":\"東京\"");
        assertThat(credential.scopes().get(0)).containsExactly("https://monitor.azure.com//.default");
    }

    @Test
    void streamFollowsTheLogTypeHeaderUnlessStreamNameIsSet() {
        service.stubFor(ingestion().willReturn(aResponse().withStatus(204)));

        template.send(li("AppEvents", ""), e -> {
            e.getMessage().setBody(Map.of("a", 1));
            e.getMessage().setHeader(LogAnalyticsConstants.LOG_TYPE, "Audit");
        });
        template.send(li("AppEvents", "streamName=Custom-Shared"), e -> e.getMessage().setBody(Map.of("a", 1)));

        assertThat(requests()).extracting(LoggedRequest::getUrl).containsExactly(
                "/dataCollectionRules/" + RULE + "/streams/Custom-Audit_CL?api-version=2023-01-01",
                "/dataCollectionRules/" + RULE + "/streams/Custom-Shared?api-version=2023-01-01");
    }

    @Test
    void serviceErrorJsonBecomesTheExceptionAndIsFinal() {
        service.stubFor(ingestion().willReturn(aResponse().withStatus(400).withHeader("x-ms-error-code", "InvalidStream")
                .withBody("{\"error\":{\"code\":\"InvalidStream\",\"message\":\"Stream Custom-AppEvents_CL is not declared\"}}")));

        Exchange result = template.send(li("AppEvents", ""), e -> e.getMessage().setBody(Map.of("a", 1)));

        LogAnalyticsException error = result.getException(LogAnalyticsException.class);
        assertThat(error.getStatusCode()).isEqualTo(400);
        assertThat(error.getErrorCode()).isEqualTo("InvalidStream");
        assertThat(error.getServiceMessage()).isEqualTo("Stream Custom-AppEvents_CL is not declared");
        assertThat(error.isRetryable()).isFalse();
        assertThat(requests()).hasSize(1);
    }

    @Test
    void payloadTooLargeIsFinal() {
        service.stubFor(ingestion().willReturn(aResponse().withStatus(413)
                .withBody("{\"error\":{\"code\":\"ContentLengthLimitExceeded\",\"message\":\"too big\"}}")));

        Exchange result = template.send(li("AppEvents", ""), e -> e.getMessage().setBody(Map.of("a", 1)));

        assertThat(result.getException(LogAnalyticsException.class).getErrorCode()).isEqualTo("ContentLengthLimitExceeded");
        assertThat(requests()).hasSize(1);
    }

    @Test
    void throttlingWaitsForXmsRetryAfterMs() {
        service.stubFor(ingestion().inScenario("t").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("x-ms-retry-after-ms", "1000")).willSetStateTo("ok"));
        service.stubFor(ingestion().inScenario("t").whenScenarioStateIs("ok").willReturn(aResponse().withStatus(204)));

        Exchange result = template.send(li("AppEvents", ""), e -> e.getMessage().setBody(Map.of("a", 1)));

        assertThat(result.getException()).isNull();
        List<LoggedRequest> requests = requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime())
                .isGreaterThanOrEqualTo(900);
        assertThat(requests.get(1).getHeader("x-ms-client-request-id"))
                .isNotEqualTo(requests.get(0).getHeader("x-ms-client-request-id"));
    }

    @Test
    void unauthorizedFetchesAFreshTokenOnce() {
        service.stubFor(ingestion().withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer token-1"))
                .willReturn(aResponse().withStatus(401)
                        .withBody("{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"expired\"}}")));
        service.stubFor(ingestion().withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer token-2"))
                .willReturn(aResponse().withStatus(204)));

        Exchange result = template.send(li("AppEvents", ""), e -> e.getMessage().setBody(Map.of("a", 1)));

        assertThat(result.getException()).isNull();
        assertThat(credential.issued()).isEqualTo(2);
    }

    @Test
    void forbiddenIsFinal() {
        service.stubFor(ingestion().willReturn(aResponse().withStatus(403).withBody(
                "{\"error\":{\"code\":\"OperationFailed\",\"message\":\"The authentication token provided does not have access to ingest data for the data collection rule\"}}")));

        Exchange result = template.send(li("AppEvents", ""), e -> e.getMessage().setBody(Map.of("a", 1)));

        LogAnalyticsException error = result.getException(LogAnalyticsException.class);
        assertThat(error.getStatusCode()).isEqualTo(403);
        assertThat(error.getErrorCode()).isEqualTo("OperationFailed");
        assertThat(requests()).hasSize(1);
        assertThat(credential.issued()).isEqualTo(1);
    }

    @Test
    void tokensAreCachedAcrossRequests() {
        service.stubFor(ingestion().willReturn(aResponse().withStatus(204)));

        for (int i = 0; i < 5; i++) {
            int n = i;
            assertThat(template.send(li("AppEvents", ""), e -> e.getMessage().setBody(Map.of("n", n))).getException()).isNull();
        }

        assertThat(requests()).hasSize(5);
        assertThat(credential.issued()).isEqualTo(1);
    }

    @Test
    void refusedCredentialsFailWithoutRetrying() {
        credential.refuse();

        Exchange result = template.send(li("AppEvents", ""), e -> e.getMessage().setBody(Map.of("a", 1)));

        LogAnalyticsException error = result.getException(LogAnalyticsException.class);
        assertThat(error.getMessage()).contains("no credential for the request", "AADSTS7000215");
        assertThat(error.isRetryable()).isFalse();
        assertThat(requests()).isEmpty();
    }

    @Test
    void batchesAreCutSoNoRequestPassesOneMebibyte() throws Exception {
        service.stubFor(ingestion().willReturn(aResponse().withStatus(204)));
        String filler = "x".repeat(3000);
        List<CompletableFuture<Exchange>> futures = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int n = i;
            futures.add(template.asyncSend(li("AppEvents", "batchTimeout=200"),
                    e -> e.getMessage().setBody(Map.of("n", n, "filler", filler))));
        }
        for (CompletableFuture<Exchange> f : futures) {
            assertThat(f.get(30, TimeUnit.SECONDS).getException()).isNull();
        }

        List<LoggedRequest> requests = requests();
        assertThat(requests.size()).isGreaterThanOrEqualTo(3);
        assertThat(requests).allSatisfy(r -> {
            int wire = Integer.parseInt(r.getHeader("Content-Length"));
            int json = gunzip(r.getBody()).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            assertThat(json).isLessThanOrEqualTo(1024 * 1024);
            assertThat(wire).as("gzip on the wire").isLessThan(json / 10);
        });
        assertThat(requests.stream().mapToInt(r -> recordsOf(r).size()).sum()).isEqualTo(1000);
    }

    @Test
    void recordThatCannotFitARequestFailsItsOwnExchange() {
        service.stubFor(ingestion().willReturn(aResponse().withStatus(204)));

        Exchange big = template.send(li("AppEvents", ""), e -> e.getMessage().setBody(Map.of("blob", "x".repeat(1024 * 1024))));
        Exchange small = template.send(li("AppEvents", ""), e -> e.getMessage().setBody(Map.of("a", 1)));

        assertThat(big.getException()).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("more than the 1048574 bytes a request can carry");
        assertThat(small.getException()).isNull();
        assertThat(requests()).hasSize(1);
    }

    @Test
    void timeGeneratedIsAnOrdinaryColumn() {
        service.stubFor(ingestion().willReturn(aResponse().withStatus(204)));

        Exchange result = template.send(li("AppEvents", ""), e -> e.getMessage().setBody(
                Map.of("TimeGenerated", "2026-11-25T10:00:00Z", "tenant", "contoso", "RawData", "x")));

        assertThat(result.getException()).isNull();
    }

    @Test
    void fieldsAreMeasuredAgainstTheSixtyFourKilobyteLimit() {
        service.stubFor(ingestion().willReturn(aResponse().withStatus(204)));
        String uri = li("AppEvents", "");

        template.send(uri, e -> e.getMessage().setBody(Map.of("text", "x".repeat(50_000))));
        LogAnalyticsEndpoint endpoint = context.getEndpoint(uri, LogAnalyticsEndpoint.class);
        assertThat(endpoint.getOversizedFieldValues()).as("50 KB is under the 64 KB limit").isZero();
        template.send(uri, e -> e.getMessage().setBody(Map.of("text", "x".repeat(70_000))));
        assertThat(endpoint.getOversizedFieldValues()).isEqualTo(1);
    }

    @Test
    void usGovernmentCloudAsksForItsAudience() {
        service.stubFor(ingestion().willReturn(aResponse().withStatus(204)));

        template.send(li("AppEvents", "cloud=usGovernment"), e -> e.getMessage().setBody(Map.of("a", 1)));

        assertThat(credential.scopes().get(0)).containsExactly("https://monitor.azure.us//.default");
    }
}
