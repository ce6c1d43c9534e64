package io.github.camelloganalytics.transport;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends requests with the JDK HTTP client. The client's own request timeout ends at the response headers, so a server
 * that stalls in the body would hold the request forever: a timer bounds the whole exchange. Response bodies are read
 * only up to a limit, so a misbehaving server cannot fill the heap; the connection of a longer body is closed.
 */
public final class JdkRequestSender implements RequestSender {

    /** Enough for any error answer of either API. */
    public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024;

    private final HttpClient client;
    private final ScheduledExecutorService timer;
    private final int maxBodyBytes;
    private final String proxyAuthorization;

    public JdkRequestSender(HttpClient client, ScheduledExecutorService timer, int maxBodyBytes) {
        this(client, timer, maxBodyBytes, null);
    }

    /**
     * @param proxy the proxy whose credentials every request carries, or null
     */
    public JdkRequestSender(HttpClient client, ScheduledExecutorService timer, int maxBodyBytes,
                            HttpClientSettings.Proxy proxy) {
        this.client = client;
        this.timer = timer;
        this.maxBodyBytes = maxBodyBytes;
        this.proxyAuthorization = proxy == null || proxy.user() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((proxy.user() + ":"
                                                                 + (proxy.password() == null ? "" : proxy.password()))
                        .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public CompletableFuture<ServiceResponse> send(HttpRequest request, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request, (name, value) -> true).timeout(timeout);
        if (proxyAuthorization != null) {
            // preemptive Basic: the proxy reads it on plain requests, and the JDK copies it into CONNECT for https
            builder.header("Proxy-Authorization", proxyAuthorization);
        }
        HttpRequest timed = builder.build();
        CompletableFuture<ServiceResponse> result = new CompletableFuture<>();
        LimitedBody body = new LimitedBody(maxBodyBytes);
        CompletableFuture<HttpResponse<byte[]>> sending;
        try {
            sending = client.sendAsync(timed, info -> body);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return result;
        }
        ScheduledFuture<?> deadline;
        try {
            deadline = timer.schedule(() -> result.completeExceptionally(new HttpTimeoutException(
                    "no complete response within " + timeout.toMillis() + " ms")), timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            sending.cancel(true);
            result.completeExceptionally(e);
            return result;
        }
        sending.whenComplete((response, error) -> {
            if (error != null) {
                result.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
            } else {
                result.complete(new ServiceResponse(response.statusCode(), response.headers(), response.body(),
                        body.truncated()));
            }
        });
        // timed out, or abandoned by the caller: stop reading and give the connection up
        result.whenComplete((response, error) -> {
            deadline.cancel(false);
            if (error != null) {
                body.cancel();
                sending.cancel(true);
            }
        });
        return result;
    }

    /** Collects at most {@code limit} bytes of a body, then cancels the rest. */
    static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final int limit;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private byte[] bytes = new byte[0];
        private volatile boolean truncated;
        private volatile Flow.Subscription subscription;
        private volatile boolean cancelled;

        LimitedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (cancelled) {
                subscription.cancel();
            } else {
                subscription.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                int take = Math.min(buffer.remaining(), limit - bytes.length);
                if (take > 0) {
                    int start = bytes.length;
                    bytes = Arrays.copyOf(bytes, start + take);
                    buffer.get(bytes, start, take);
                }
                if (buffer.hasRemaining()) {
                    truncated = true;
                    subscription.cancel();
                    result.complete(bytes);
                    return;
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(bytes);
        }

        boolean truncated() {
            return truncated;
        }

        void cancel() {
            cancelled = true;
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }
    }
}
