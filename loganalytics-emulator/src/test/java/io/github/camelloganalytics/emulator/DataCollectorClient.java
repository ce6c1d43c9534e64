package io.github.camelloganalytics.emulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Data Collector API client written in the test straight from the reference's formula, with knobs to break each
 * part of a request.
 */
final class DataCollectorClient {

    static final DateTimeFormatter RFC1123
            = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final HttpClient http = HttpClient.newHttpClient();
    private final String endpoint;

    DataCollectorClient(String endpoint) {
        this.endpoint = endpoint;
    }

    /** One request; every field can be changed before {@link #send()}. */
    final class Post {
        String workspaceId;
        String key;
        String logType = "AppEvents";
        String body = "[]";
        String contentType = "application/json";
        String signedContentType = "application/json";
        String date = RFC1123.format(EmulatorClock.now());
        String apiVersion = "2016-04-01";
        Integer signedLength;
        String signatureOverride;
        final Map<String, String> extraHeaders = new LinkedHashMap<>();

        Post(String workspaceId, String key) {
            this.workspaceId = workspaceId;
            this.key = key;
        }

        Post logType(String value) {
            logType = value;
            return this;
        }

        Post body(String value) {
            body = value;
            return this;
        }

        Post header(String name, String value) {
            extraHeaders.put(name, value);
            return this;
        }

        HttpResponse<String> send() throws Exception {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            int length = signedLength != null ? signedLength : bytes.length;
            String stringToSign = "POST\n" + length + "\n" + signedContentType + "\nx-ms-date:" + date + "\n/api/logs";
            String signature = signatureOverride != null ? signatureOverride : hmac(key, stringToSign);
            String uri = endpoint + "/api/logs" + (apiVersion == null ? "" : "?api-version=" + apiVersion);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                    .header("Authorization", "SharedKey " + workspaceId + ":" + signature);
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            if (logType != null) {
                request.header("Log-Type", logType);
            }
            if (date != null) {
                request.header("x-ms-date", date);
            }
            extraHeaders.forEach(request::header);
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    Post post(String workspaceId, String key) {
        return new Post(workspaceId, key);
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(endpoint + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(endpoint + path)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(endpoint + path))
                .POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String hmac(String base64Key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(base64Key), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
