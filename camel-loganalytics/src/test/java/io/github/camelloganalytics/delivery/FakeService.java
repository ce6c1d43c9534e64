package io.github.camelloganalytics.delivery;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.camelloganalytics.batch.Batch;
import io.github.camelloganalytics.transport.CredentialException;
import io.github.camelloganalytics.transport.IngestionTransport;
import io.github.camelloganalytics.transport.BearerToken;
import io.github.camelloganalytics.transport.PreparedRequest;
import io.github.camelloganalytics.transport.RequestSender;
import io.github.camelloganalytics.transport.ServiceResponse;

/**
 * A transport and sender that record every request and leave its answer to the test.
 */
final class FakeService implements IngestionTransport, RequestSender {

    static final String TARGET = "https://service.example/api/logs";

    /** One request as sent. */
    record Sent(HttpRequest request, Duration timeout, String credential, CompletableFuture<ServiceResponse> response) {

        void answer(int status, Map<String, List<String>> headers, String body) {
            response.complete(new ServiceResponse(status, HttpHeaders.of(headers, (n, v) -> true),
                    body.getBytes(StandardCharsets.UTF_8), false));
        }

        void answer(int status) {
            answer(status, Map.of(), "");
        }

        void fail(Throwable error) {
            response.completeExceptionally(error);
        }
    }

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    final List<Batch> prepared = new CopyOnWriteArrayList<>();
    /** Failures the next requests meet getting a credential, in order. */
    final java.util.Queue<CredentialException> credentialFailures = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final List<String> credentials;
    private volatile int current;

    /** @param credentials the credentials the transport may sign with, in order */
    FakeService(String... credentials) {
        this.credentials = List.of(credentials.length == 0 ? new String[] { "key-1" } : credentials);
    }

    @Override
    public PreparedRequest prepare(Batch batch) {
        CredentialException noCredential = credentialFailures.poll();
        if (noCredential != null) {
            throw noCredential;
        }
        prepared.add(batch);
        HttpRequest request = HttpRequest.newBuilder(URI.create(TARGET))
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch.body())).build();
        return new PreparedRequest(request, new BearerToken(credentials.get(current)));
    }

    @Override
    public boolean credentialRefused(PreparedRequest refused, int status) {
        if (!refused.credential().equals(new BearerToken(credentials.get(current)))) {
            return true;
        }
        if (current + 1 < credentials.size()) {
            current++;
            return true;
        }
        return false;
    }

    @Override
    public int credentialCount() {
        return credentials.size();
    }

    @Override
    public String target(String logType) {
        return TARGET;
    }

    @Override
    public CompletableFuture<ServiceResponse> send(HttpRequest request, Duration timeout) {
        CompletableFuture<ServiceResponse> response = new CompletableFuture<>();
        sent.add(new Sent(request, timeout, credentials.get(current), response));
        return response;
    }

    Sent last() {
        return sent.get(sent.size() - 1);
    }

    /** Records in the body of a request: it is a JSON array of flat objects here. */
    static int records(Batch batch) {
        return batch.recordCount();
    }
}
