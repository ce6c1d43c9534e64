package io.github.camelloganalytics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.github.camelloganalytics.transport.RawServer;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits belong to the endpoint: two routes sending to one URI share its memory bound and its request slots, as
 * one route would, rather than each having its own.
 */
class SharedEndpointLimitsTest extends CamelTestSupport {

    @Override
    protected boolean useJmx() {
        return false;
    }

    static String uri(String url, String options) {
        return "loganalytics:Shared?workspaceId=" + WireMockServiceSupport.WORKSPACE + "&sharedKey=RAW("
               + WireMockServiceSupport.KEY + ")&endpoint=" + url + "&" + options;
    }

    private void twoRoutesTo(String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:a").routeId("a").to(uri);
                from("direct:b").routeId("b").to(uri);
            }
        });
    }

    @Test
    void twoRoutesToOneEndpointShareItsMemoryBound() throws Exception {
        CountDownLatch released = new CountDownLatch(1);
        try (RawServer silent = new RawServer(out -> released.await())) {
            twoRoutesTo(uri(silent.url(), "deliveryMode=queued&maxPendingBytes=20000&offerTimeout=0&batchTimeout=10"));
            List<Map<String, Object>> records = List.of(Map.of("text", "x".repeat(1000)));
            int taken = 0;
            while (template.request("direct:a", e -> e.getMessage().setBody(records)).getException() == null) {
                taken++;
            }

            Exchange fromB = template.request("direct:b", e -> e.getMessage().setBody(records));

            assertThat(taken).as("route a filled the endpoint's bound").isPositive();
            assertThat(fromB.getException()).as("route b finds no room left either")
                    .isInstanceOf(LogAnalyticsException.class).hasMessageContaining("no room under maxPendingBytes (20000)");
        } finally {
            released.countDown();
        }
    }

    @Test
    void twoRoutesToOneEndpointShareItsRequestSlots() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        CountDownLatch answer = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService threads = Executors.newCachedThreadPool();
        server.setExecutor(threads);
        server.createContext("/api/logs", exchange -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            exchange.getRequestBody().readAllBytes();
            try {
                // held until both routes have had the chance to send more than the slots allow
                answer.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            twoRoutesTo(uri("http://127.0.0.1:" + server.getAddress().getPort(),
                    "batchSize=1&maxConcurrentRequests=2&adaptiveConcurrency=false"));
            LogAnalyticsEndpoint endpoint = context.getEndpoint(uri("http://127.0.0.1:" + server.getAddress().getPort(),
                    "batchSize=1&maxConcurrentRequests=2&adaptiveConcurrency=false"), LogAnalyticsEndpoint.class);
            List<CompletableFuture<Exchange>> outcomes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int n = i;
                outcomes.add(template.asyncSend("direct:a", e -> e.getMessage().setBody(Map.of("n", n))));
                outcomes.add(template.asyncSend("direct:b", e -> e.getMessage().setBody(Map.of("n", n))));
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> inFlight.get() == 2 && endpoint.getPendingBytes() > 0
                                 && context.getInflightRepository().size() == 12);
            answer.countDown();

            for (CompletableFuture<Exchange> outcome : outcomes) {
                assertThat(outcome.get(30, TimeUnit.SECONDS).getException()).isNull();
            }
            assertThat(mostInFlight).as("requests at once from both routes together").hasValue(2);
            assertThat(endpoint.getRequests()).isEqualTo(12);
        } finally {
            answer.countDown();
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
