package io.github.camelloganalytics.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

import io.github.camelloganalytics.LogAnalyticsConfiguration;
import io.github.camelloganalytics.batch.Batch;

/**
 * The Logs Ingestion API (2023-01-01): {@code POST <endpoint>/dataCollectionRules/<ruleId>/streams/<stream>}, with a
 * Microsoft Entra ID bearer token and a gzip body. Batches are cut at 1 MiB before compression, so no request exceeds
 * the service's 1 MiB limit.
 */
public final class LogsIngestionTransport implements IngestionTransport {

    static final String API_VERSION = "2023-01-01";

    private final String base;
    private final String ruleId;
    private final Function<String, String> streamForRecordType;
    private final BearerTokenSource tokens;
    private final Duration requestTimeout;
    private final Map<String, URI> uris = new ConcurrentHashMap<>();

    public LogsIngestionTransport(URI endpoint, String ruleId, Function<String, String> streamForRecordType,
                                  BearerTokenSource tokens, Duration requestTimeout) {
        this.base = DataCollectorTransport.trimSlashes(endpoint.toString());
        this.ruleId = ruleId;
        this.streamForRecordType = streamForRecordType;
        this.tokens = tokens;
        this.requestTimeout = requestTimeout;
    }

    @Override
    public PreparedRequest prepare(Batch batch) {
        byte[] body = batch.wireBody(LogsIngestionTransport::gzip);
        String token = tokens.token();
        HttpRequest request = HttpRequest.newBuilder(uri(batch.key().logType()))
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .header("x-ms-client-request-id", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return new PreparedRequest(request, token);
    }

    private URI uri(String recordType) {
        return uris.computeIfAbsent(recordType, type -> URI.create(base + "/dataCollectionRules/"
                + URLEncoder.encode(ruleId, StandardCharsets.UTF_8) + "/streams/"
                + URLEncoder.encode(streamForRecordType.apply(type), StandardCharsets.UTF_8)
                + "?api-version=" + API_VERSION));
    }

    /** 401: the token expired or was revoked early; a fresh one is worth one more try. 403 is a missing role. */
    @Override
    public boolean credentialRefused(PreparedRequest refused, int status) {
        if (status != 401) {
            return false;
        }
        tokens.invalidate((String) refused.credential());
        return true;
    }

    @Override
    public int credentialCount() {
        return 1;
    }

    @Override
    public int maxRequestBytes() {
        return LogAnalyticsConfiguration.LOGS_INGESTION_MAX_REQUEST_BYTES;
    }

    @Override
    public String target() {
        return base + "/dataCollectionRules/" + ruleId + "/streams/" + streamForRecordType.apply("{logType}");
    }

    static byte[] gzip(byte[] json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, json.length / 4));
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
            gz.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
