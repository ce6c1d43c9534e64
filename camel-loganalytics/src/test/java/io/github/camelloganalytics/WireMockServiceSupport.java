package io.github.camelloganalytics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.matching.ValueMatcher;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * Route tests against a WireMock stand-in for the Data Collector API.
 */
public abstract class WireMockServiceSupport extends CamelTestSupport {

    public static final String WORKSPACE = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    /** Primary key: base64 holding '+' and '/' so URI encoding mistakes show. */
    public static final String KEY = "q+8dG9ycy0wMTIzNDU2Nzg5/3Rlc3Qtd29ya3NwYWNlLWtleS1mb3Itc2lnbmF0dXJlLXZlY3Rv";
    public static final String SECONDARY_KEY = "c2Vjb25kYXJ5LWtleS1mb3ItdGhlLXRlc3Qtd29ya3NwYWNlLTAxMjM0NTY3ODk=";

    protected static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    protected static WireMockExtension service = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    /** An endpoint URI aimed at WireMock with the primary key; {@code options} are appended. */
    protected static String uri(String logType, String options) {
        return "loganalytics:" + logType + "?workspaceId=" + WORKSPACE + "&sharedKey=RAW(" + KEY + ")"
               + "&endpoint=http://localhost:" + service.getPort()
               + (options != null && options.contains("retryBackoff=") ? "" : "&retryBackoff=10")
               + (options == null || options.isEmpty() ? "" : "&" + options);
    }

    /** The requests the service received, oldest first. */
    protected static List<LoggedRequest> received() {
        return service.findAll(postRequestedFor(urlPathEqualTo("/api/logs")));
    }

    protected static List<LoggedRequest> allRequests() {
        return service.findAll(anyRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
    }

    /** The records of a request body. */
    protected static List<JsonNode> records(LoggedRequest request) {
        try {
            List<JsonNode> records = new ArrayList<>();
            JSON.readTree(request.getBody()).forEach(records::add);
            return records;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static int recordCount() {
        return received().stream().mapToInt(r -> records(r).size()).sum();
    }

    /** Matches requests whose SharedKey signature, recomputed from the raw body bytes, was made with {@code key}. */
    protected static ValueMatcher<Request> signedWith(String key) {
        return request -> MatchResult.of(hasValidSignature(request, key));
    }

    /** The service's check: signature over the body's byte count and the request's own x-ms-date. */
    protected static boolean hasValidSignature(Request request, String key) {
        String date = request.getHeader("x-ms-date");
        String authorization = request.getHeader("Authorization");
        if (date == null || authorization == null) {
            return false;
        }
        String stringToSign = "POST\n" + request.getBody().length + "\napplication/json\nx-ms-date:" + date + "\n/api/logs";
        return authorization.equals("SharedKey " + WORKSPACE + ":" + hmac(key, stringToSign));
    }

    public static String hmac(String base64Key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(base64Key), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
