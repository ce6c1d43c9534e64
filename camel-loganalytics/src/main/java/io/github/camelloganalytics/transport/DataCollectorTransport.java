package io.github.camelloganalytics.transport;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;

import io.github.camelloganalytics.batch.Batch;
import io.github.camelloganalytics.batch.BatchKey;

/**
 * The HTTP Data Collector API (2016-04-01): {@code POST <endpoint>/api/logs}, signed with the workspace shared key.
 * The body is sent as the exact bytes whose length was signed, with {@code Content-Type: application/json} and no
 * charset, which the service would refuse.
 */
public final class DataCollectorTransport implements IngestionTransport {

    static final String API_VERSION = "2016-04-01";

    private final URI uri;
    private final String workspaceId;
    private final SharedKeyRing keys;
    private final Clock clock;
    private final String userAgent;

    /**
     * @param baseUri   the service base, with or without the {@code /api/logs} path
     * @param userAgent the User-Agent header
     */
    public DataCollectorTransport(URI baseUri, String workspaceId, SharedKeyRing keys, Clock clock, String userAgent) {
        this.uri = URI.create(stripApiPath(baseUri.toString()) + "/api/logs?api-version=" + API_VERSION);
        this.workspaceId = workspaceId;
        this.keys = keys;
        this.clock = clock;
        this.userAgent = userAgent;
    }

    @Override
    public PreparedRequest prepare(Batch batch) {
        byte[] body = batch.body();
        SharedKey key = keys.current();
        String date = SharedKeySigner.date(clock.instant());
        BatchKey target = batch.key();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", SharedKeySigner.CONTENT_TYPE)
                .header("Log-Type", target.logType())
                .header("x-ms-date", date)
                .header("Authorization", SharedKeySigner.authorization(workspaceId, key, body.length, date))
                .header("User-Agent", userAgent)
                .POST(ByteArrayBody.of(body));
        if (target.timeGeneratedField() != null) {
            request.header("time-generated-field", target.timeGeneratedField());
        }
        if (target.resourceId() != null) {
            request.header("x-ms-AzureResourceId", target.resourceId());
        }
        return new PreparedRequest(request.build(), key);
    }

    @Override
    public boolean credentialRefused(PreparedRequest refused, int status) {
        // the service answers 403 InvalidAuthorization to a key it does not accept
        return status == 403 && refused.credential() instanceof SharedKey key && keys.refused(key);
    }

    @Override
    public int credentialCount() {
        return keys.size();
    }

    @Override
    public String target(String logType) {
        return uri.toString();
    }

    /** The base URL without trailing slashes or the {@code /api/logs} path, which a user may have given too. */
    static String stripApiPath(String base) {
        String s = Urls.trimTrailingSlashes(base);
        if (s.endsWith("/api/logs")) {
            s = s.substring(0, s.length() - "/api/logs".length());
        }
        return s;
    }
}
