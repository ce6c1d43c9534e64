package io.github.camelloganalytics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.camelloganalytics.batch.Batch;
import io.github.camelloganalytics.record.HeapFootprint;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.requestMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When an exchange completes, and how: acknowledgement, service errors, retries and key failover.
 */
class DeliveryTest extends WireMockServiceSupport {

    private static final String INVALID_LOG_TYPE
            = "{\"Error\":\"InvalidLogType\",\"Message\":\"The Log-Type header contains an invalid value\"}";

    @Test
    void exchangeCompletesOnlyAfterTheServiceAccepted() throws Exception {
        java.util.concurrent.CountDownLatch received = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/api/logs", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.countDown();
            try {
                answer.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            CompletableFuture<Exchange> future = template.asyncSend("loganalytics:AppEvents?workspaceId=" + WORKSPACE
                                                                    + "&sharedKey=RAW(" + KEY + ")&batchTimeout=10"
                                                                    + "&endpoint=http://127.0.0.1:" + server.getAddress().getPort(),
                    e -> e.getMessage().setBody(Map.of("a", 1)));
            assertThat(received.await(20, TimeUnit.SECONDS)).as("the request reached the service").isTrue();

            assertThat(future).as("completed before the service answered").isNotDone();
            answer.countDown();
            Exchange result = future.get(10, TimeUnit.SECONDS);
            assertThat(result.getException()).isNull();
            assertThat(result.getMessage().getHeader(LogAnalyticsConstants.STATUS_CODE)).isEqualTo(200);
        } finally {
            answer.countDown();
            server.stop(0);
        }
    }

    @Test
    void serviceErrorBecomesLogAnalyticsExceptionAndIsNotRetried() {
        service.stubFor(post(urlPathEqualTo("/api/logs"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(INVALID_LOG_TYPE)));

        Exchange result = template.send(uri("AppEvents", "batchTimeout=10"), e -> e.getMessage().setBody(Map.of("a", 1)));

        LogAnalyticsException error = result.getException(LogAnalyticsException.class);
        assertThat(error).isNotNull();
        assertThat(error.getStatusCode()).isEqualTo(400);
        assertThat(error.getErrorCode()).isEqualTo("InvalidLogType");
        assertThat(error.getServiceMessage()).isEqualTo("The Log-Type header contains an invalid value");
        assertThat(error.getAttempts()).isEqualTo(1);
        assertThat(error.isRetryable()).isFalse();
        assertThat(error.getMessage()).contains("HTTP 400", "InvalidLogType", result.getExchangeId());
        service.verify(1, postRequestedFor(urlPathEqualTo("/api/logs")));
    }

    @Test
    void throttledRequestWaitsForRetryAfterThenSucceeds() {
        service.stubFor(post(urlPathEqualTo("/api/logs")).inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("open"));
        service.stubFor(post(urlPathEqualTo("/api/logs")).inScenario("throttle").whenScenarioStateIs("open")
                .willReturn(ok()));

        Exchange result = template.send(uri("AppEvents", "batchTimeout=10"), e -> e.getMessage().setBody(Map.of("a", 1)));

        assertThat(result.getException()).isNull();
        List<LoggedRequest> requests = received();
        assertThat(requests).hasSize(2);
        long gap = requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime();
        assertThat(gap).as("ms between attempts; retryBackoff alone would be 10").isGreaterThanOrEqualTo(900);
    }

    @Test
    void unavailableServiceIsRetriedWithAFreshDateAndSignatureThenSucceeds() {
        service.stubFor(post(urlPathEqualTo("/api/logs")).inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("retry-after-ms", "1100")).willSetStateTo("second"));
        service.stubFor(post(urlPathEqualTo("/api/logs")).inScenario("outage").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("up"));
        service.stubFor(post(urlPathEqualTo("/api/logs")).inScenario("outage").whenScenarioStateIs("up")
                .willReturn(ok()));

        Exchange result = template.send(uri("AppEvents", "batchTimeout=10"), e -> e.getMessage().setBody(Map.of("a", 1)));

        assertThat(result.getException()).isNull();
        List<LoggedRequest> requests = received();
        assertThat(requests).hasSize(3);
        assertThat(requests.get(1).getHeader("x-ms-date")).isNotEqualTo(requests.get(0).getHeader("x-ms-date"));
        assertThat(requests).allSatisfy(r -> assertThat(hasValidSignature(r, KEY)).isTrue());
    }

    @Test
    void retriesStopAtMaxRetries() {
        service.stubFor(post(urlPathEqualTo("/api/logs")).willReturn(aResponse().withStatus(503)
                .withBody("{\"Error\":\"ServiceUnavailable\",\"Message\":\"try later\"}")));

        Exchange result = template.send(uri("AppEvents", "batchTimeout=10&maxRetries=2"),
                e -> e.getMessage().setBody(Map.of("a", 1)));

        LogAnalyticsException error = result.getException(LogAnalyticsException.class);
        assertThat(error.getStatusCode()).isEqualTo(503);
        assertThat(error.getErrorCode()).isEqualTo("ServiceUnavailable");
        assertThat(error.getAttempts()).isEqualTo(3);
        assertThat(error.isRetryable()).isTrue();
        assertThat(error.getMessage()).contains("after 3 attempts");
        service.verify(3, postRequestedFor(urlPathEqualTo("/api/logs")));
    }

    @Test
    void deliveryTimeoutEndsRetries() {
        service.stubFor(post(urlPathEqualTo("/api/logs")).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "5")));

        Exchange result = template.send(uri("AppEvents", "batchTimeout=10&deliveryTimeout=2s"),
                e -> e.getMessage().setBody(Map.of("a", 1)));

        LogAnalyticsException error = result.getException(LogAnalyticsException.class);
        assertThat(error.getMessage()).contains("not delivered within deliveryTimeout (2000 ms)", "HTTP 503");
        assertThat(error.getAttempts()).as("the wait the service asked for ends past the deadline: no second attempt")
                .isEqualTo(1);
        service.verify(1, postRequestedFor(urlPathEqualTo("/api/logs")));
    }

    @Test
    void connectionFailureIsRetriedAsTransient() {
        // nothing listens on this port: every attempt fails to connect
        String unreachable = uri("AppEvents", "batchTimeout=10&maxRetries=2").replace(
                "localhost:" + service.getPort(), "localhost:" + freePort());

        Exchange result = template.send(unreachable, e -> e.getMessage().setBody(Map.of("a", 1)));

        LogAnalyticsException error = result.getException(LogAnalyticsException.class);
        assertThat(error.getStatusCode()).isZero();
        assertThat(error.getAttempts()).isEqualTo(3);
        assertThat(error.isRetryable()).isTrue();
        assertThat(error.getMessage()).contains("cannot connect to localhost:", "connection refused");
    }

    @Test
    void forbiddenSwitchesToTheSecondaryKeyAndKeepsIt() {
        service.stubFor(requestMatching(signedWith(SECONDARY_KEY)).atPriority(1).willReturn(ok()));
        service.stubFor(post(urlPathEqualTo("/api/logs")).atPriority(5).willReturn(aResponse().withStatus(403)
                .withBody("{\"Error\":\"InvalidAuthorization\",\"Message\":\"An invalid scheme was specified\"}")));
        String endpoint = uri("AppEvents", "batchTimeout=10&secondarySharedKey=RAW(" + SECONDARY_KEY + ")");

        Exchange first = template.send(endpoint, e -> e.getMessage().setBody(Map.of("n", 1)));
        Exchange second = template.send(endpoint, e -> e.getMessage().setBody(Map.of("n", 2)));

        assertThat(first.getException()).isNull();
        assertThat(second.getException()).isNull();
        List<LoggedRequest> requests = received();
        assertThat(requests).hasSize(3);
        assertThat(hasValidSignature(requests.get(0), KEY)).isTrue();
        assertThat(hasValidSignature(requests.get(1), SECONDARY_KEY)).isTrue();
        assertThat(hasValidSignature(requests.get(2), SECONDARY_KEY)).isTrue();
    }

    @Test
    void forbiddenWithNoOtherKeyFails() {
        service.stubFor(post(urlPathEqualTo("/api/logs")).willReturn(aResponse().withStatus(403)
                .withBody("{\"Error\":\"InvalidAuthorization\",\"Message\":\"An invalid scheme was specified\"}")));

        Exchange result = template.send(uri("AppEvents", "batchTimeout=10"), e -> e.getMessage().setBody(Map.of("a", 1)));

        LogAnalyticsException error = result.getException(LogAnalyticsException.class);
        assertThat(error.getStatusCode()).isEqualTo(403);
        assertThat(error.getErrorCode()).isEqualTo("InvalidAuthorization");
        assertThat(error.isRetryable()).isFalse();
        service.verify(1, postRequestedFor(urlPathEqualTo("/api/logs")));
    }

    @Test
    void rotatedKeyFileIsPickedUp(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("shared-key");
        Files.writeString(keyFile, KEY + "\n");
        service.stubFor(requestMatching(signedWith(SECONDARY_KEY)).atPriority(1).willReturn(ok()));
        service.stubFor(post(urlPathEqualTo("/api/logs")).atPriority(5).willReturn(aResponse().withStatus(403)));
        String endpoint = "loganalytics:AppEvents?workspaceId=" + WORKSPACE + "&sharedKeyFile=" + keyFile
                          + "&endpoint=http://localhost:" + service.getPort() + "&batchTimeout=10";

        Exchange beforeRotation = template.send(endpoint, e -> e.getMessage().setBody(Map.of("n", 1)));
        Files.writeString(keyFile, SECONDARY_KEY + "\n");
        Exchange afterRotation = template.send(endpoint, e -> e.getMessage().setBody(Map.of("n", 2)));

        assertThat(beforeRotation.getException(LogAnalyticsException.class).getStatusCode()).isEqualTo(403);
        assertThat(afterRotation.getException()).isNull();
        assertThat(hasValidSignature(received().get(received().size() - 1), SECONDARY_KEY)).isTrue();
    }

    @Test
    void fullPendingBufferBlocksTheCallerThenFailsItsExchange() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        // a service that holds every request until told to answer: room stays taken for as long as the test needs
        com.sun.net.httpserver.HttpServer held = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 16);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();
        held.setExecutor(threads);
        held.createContext("/api/logs", exchange -> {
            exchange.getRequestBody().readAllBytes();
            try {
                answer.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        held.start();
        try {
            // {"n":"xxxxxxxxxx"} is 18 bytes; a waiting exchange counts its record's memory, itself, and its body of one field
            long each = HeapFootprint.ofRecord(new byte[18]) + HeapFootprint.EXCHANGE + 18 + HeapFootprint.FIELD;
            long bound = 2 * each + 100;
            String endpoint = "loganalytics:AppEvents?workspaceId=" + WORKSPACE + "&sharedKey=RAW(" + KEY + ")&endpoint=http://127.0.0.1:"
                              + held.getAddress().getPort() + "&batchTimeout=10&maxPendingBytes=" + bound + "&offerTimeout=300ms";
            CompletableFuture<Exchange> first = template.asyncSend(endpoint, e -> e.getMessage().setBody(Map.of("n", "x".repeat(10))));
            CompletableFuture<Exchange> second = template.asyncSend(endpoint, e -> e.getMessage().setBody(Map.of("n", "y".repeat(10))));
            LogAnalyticsEndpoint la = context.getEndpoint(endpoint, LogAnalyticsEndpoint.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> la.getPendingBytes() == 2 * each);

            long start = System.nanoTime();
            Exchange third = template.send(endpoint, e -> e.getMessage().setBody(Map.of("n", "z".repeat(10))));
            long blockedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(third.getException(LogAnalyticsException.class))
                    .hasMessageContaining("no room under maxPendingBytes (" + bound + ") within offerTimeout (300 ms)");
            assertThat(third.getException(LogAnalyticsException.class).isRetryable()).as("room comes back").isTrue();
            assertThat(blockedMillis).as("the caller waited for room").isGreaterThanOrEqualTo(250);
            answer.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).getException()).isNull();
            assertThat(second.get(10, TimeUnit.SECONDS).getException()).isNull();
            Exchange later = template.send(endpoint, e -> e.getMessage().setBody(Map.of("n", "w".repeat(10))));
            assertThat(later.getException()).as("room again once the service accepted").isNull();
        } finally {
            answer.countDown();
            held.stop(0);
            threads.shutdownNow();
        }
    }

    @Test
    void exchangeLargerThanMaxPendingBytesFailsAtOnce() {
        Exchange result = template.send(uri("AppEvents", "maxPendingBytes=40&batchMaxBytes=1000"),
                e -> e.getMessage().setBody(Map.of("n", "x".repeat(100))));

        assertThat(result.getException(LogAnalyticsException.class)).hasMessageContaining("more than maxPendingBytes (40)");
        assertThat(result.getException(LogAnalyticsException.class).isRetryable()).as("it will never fit").isFalse();
        service.verify(0, postRequestedFor(urlPathEqualTo("/api/logs")));
    }

    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
