package io.github.camelloganalytics.transport;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;

import io.github.camelloganalytics.LogAnalyticsConfiguration;
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
    private final Duration requestTimeout;
    private final Clock clock;

    public DataCollectorTransport(URI baseUri, String workspaceId, SharedKeyRing keys, Duration requestTimeout,
                                  Clock clock) {
        this.uri = URI.create(stripTrailingSlash(baseUri.toString()) + "/api/logs?api-version=" + API_VERSION);
        this.workspaceId = workspaceId;
        this.keys = keys;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    static String trimSlashes(String base) {
        String s = base;
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    @Override
    public PreparedRequest prepare(Batch batch) {
        byte[] body = batch.body();
        SharedKey key = keys.current();
        String date = SharedKeySigner.date(clock.instant());
        BatchKey target = batch.key();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Content-Type", SharedKeySigner.CONTENT_TYPE)
                .header("Log-Type", target.logType())
                .header("x-ms-date", date)
                .header("Authorization", SharedKeySigner.authorization(workspaceId, key, body.length, date))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
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
        return status == 403 && keys.refused((SharedKey) refused.credential());
    }

    @Override
    public int credentialCount() {
        return keys.size();
    }

    @Override
    public int maxRequestBytes() {
        return LogAnalyticsConfiguration.DATA_COLLECTOR_MAX_REQUEST_BYTES;
    }

    @Override
    public String target() {
        return uri.toString();
    }

    /** The base URL without trailing slashes; a base given with the {@code /api/logs} path is taken too. */
    static String stripTrailingSlash(String base) {
        String s = trimSlashes(base);
        if (s.endsWith("/api/logs")) {
            s = s.substring(0, s.length() - "/api/logs".length());
        }
        return s;
    }
}
