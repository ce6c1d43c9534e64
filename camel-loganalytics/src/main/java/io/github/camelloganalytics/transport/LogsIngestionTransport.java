package io.github.camelloganalytics.transport;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.camelloganalytics.batch.Batch;

/**
 * The Logs Ingestion API (2023-01-01): {@code POST <endpoint>/dataCollectionRules/<ruleId>/streams/<stream>}, with a
 * Microsoft Entra ID bearer token and a gzip body.
 */
public final class LogsIngestionTransport implements IngestionTransport {

    static final String API_VERSION = "2023-01-01";

    private final String base;
    private final String ruleId;
    private final Function<String, String> streamForRecordType;
    private final BearerTokenSource tokens;
    private final String userAgent;
    private final GzipEncoder gzip;
    private final Map<String, URI> uris = new ConcurrentHashMap<>();

    /**
     * @param streamForRecordType the stream a record type goes to
     * @param userAgent           the User-Agent header
     * @param gzip                compresses request bodies
     */
    public LogsIngestionTransport(URI endpoint, String ruleId, Function<String, String> streamForRecordType,
                                  BearerTokenSource tokens, String userAgent, GzipEncoder gzip) {
        this.base = Urls.trimTrailingSlashes(endpoint.toString());
        this.ruleId = ruleId;
        this.streamForRecordType = streamForRecordType;
        this.tokens = tokens;
        this.userAgent = userAgent;
        this.gzip = gzip;
    }

    @Override
    public PreparedRequest prepare(Batch batch) {
        byte[] body = batch.wireBody(gzip::encode);
        String token = tokens.token();
        HttpRequest request = HttpRequest.newBuilder(uri(batch.key().logType()))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .header("x-ms-client-request-id", UUID.randomUUID().toString())
                .header("User-Agent", userAgent)
                .POST(ByteArrayBody.of(body))
                .build();
        return new PreparedRequest(request, new BearerToken(token));
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
        if (refused.credential() instanceof BearerToken token) {
            tokens.invalidate(token.value());
        }
        return true;
    }

    @Override
    public int credentialCount() {
        return 1;
    }

    @Override
    public String target(String logType) {
        return uri(logType).toString();
    }
}
