package io.github.camelloganalytics.transport;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one request and hands back the response, whole response included within the timeout. Cancelling the returned
 * future abandons the request.
 */
public interface RequestSender {

    /**
     * @param  timeout the longest the request may take, from sending to the last byte of the response read
     * @return         the response, or a future failed with the I/O error, or with an
     *                 {@link java.net.http.HttpTimeoutException} when the timeout passed first
     */
    CompletableFuture<ServiceResponse> send(HttpRequest request, Duration timeout);
}
