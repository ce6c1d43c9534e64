package io.github.camelloganalytics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * maxConcurrentRequests bounds the requests in flight, and they do run in parallel.
 */
class ConcurrencyTest extends CamelTestSupport {

    private HttpServer server;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);

    @BeforeEach
    void slowService() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/api/logs", exchange -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            exchange.getRequestBody().readAllBytes();
            // requests are held until the test lets them go: meanwhile batches pile up, and a fourth request would be
            // sent if allowed
            try {
                answer.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            requests.incrementAndGet();
            inFlight.decrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        answer.countDown();
        server.stop(0);
    }

    @Test
    void requestsInFlightNeverPassMaxConcurrentRequests() throws Exception {
        String uri = "loganalytics:AppEvents?workspaceId=" + WireMockServiceSupport.WORKSPACE + "&sharedKey=RAW("
                     + WireMockServiceSupport.KEY + ")&endpoint=http://127.0.0.1:" + server.getAddress().getPort()
                     + "&batchSize=1&maxConcurrentRequests=3";
        List<CompletableFuture<Exchange>> futures = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int n = i;
            futures.add(template.asyncSend(uri, e -> e.getMessage().setBody(Map.of("n", n))));
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> inFlight.get() == 3 && context.getInflightRepository().size() == 12);
        answer.countDown();
        for (CompletableFuture<Exchange> f : futures) {
            assertThat(f.get(20, TimeUnit.SECONDS).getException()).isNull();
        }

        assertThat(requests.get()).isEqualTo(12);
        assertThat(mostInFlight.get()).as("requests at the service at once: all three slots, never more").isEqualTo(3);
    }
}
