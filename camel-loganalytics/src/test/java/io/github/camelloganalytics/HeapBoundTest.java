package io.github.camelloganalytics;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import java.util.stream.Stream;

import io.github.camelloganalytics.transport.RawServer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * maxPendingBytes bounds the heap that records and waiting exchanges really take, measured after a GC. The build runs
 * this class in a JVM of its own, so that nothing else allocates while it measures.
 */
class HeapBoundTest extends CamelTestSupport {

    final AtomicLong failed = new AtomicLong();
    final AtomicReference<String> firstFailure = new AtomicReference<>();

    static String uri(String serviceUrl, String options) {
        return ReliabilityTest.uri(serviceUrl, options);
    }

    private Endpoint routeTo(String from, String endpointUri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                onException(Exception.class).handled(true).process(e -> {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, String.valueOf(e.getProperty(Exchange.EXCEPTION_CAUGHT)));
                });
                from(from).to(endpointUri);
            }
        });
        return context.getEndpoint(from);
    }

    @Test
    void queuedTinyRecordsHoldNoMoreHeapThanMaxPendingBytes() throws Exception {
        long bound = 24L * 1024 * 1024;
        CountDownLatch released = new CountDownLatch(1);
        // nothing is answered, so every record stays held until the bound is reached; closing the server afterwards
        // fails what is in flight at once, so nothing outlives the test
        try (RawServer silent = new RawServer(out -> released.await())) {
            String endpoint = uri(silent.url(),
                    "deliveryMode=queued&maxPendingBytes=" + bound + "&offerTimeout=0&batchSize=10000");
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long before = usedAfterGc(memory);
            int taken = 0;
            for (int exchange = 0; ; exchange++) {
                List<Map<String, Object>> records = new ArrayList<>(1000);
                for (int i = 0; i < 1000; i++) {
                    records.add(Map.of("i", exchange * 1000 + i));
                }
                Exchange result = template.send(endpoint, e -> e.getMessage().setBody(records));
                if (result.getException() != null) {
                    assertThat(result.getException()).hasMessageContaining("no room under maxPendingBytes");
                    break;
                }
                taken += 1000;
            }
            long held = usedAfterGc(memory) - before;

            System.out.printf("Memory: %d records of {\"i\":N} held, %d bytes of heap for a bound of %d%n", taken, held,
                    bound);
            assertThat(taken).as("records taken").isGreaterThan(100_000);
            assertThat(held).as("heap the held records take, against maxPendingBytes").isLessThan(bound + bound / 4);
        } finally {
            released.countDown();
        }
    }

    /** Bodies as routes send them, each exchange its own, and the headers they carry. */
    static Stream<Arguments> waitingExchanges() {
        String message = "y".repeat(5000);
        String text = "x".repeat(440);
        String bytes = "z".repeat(2000);
        Map<String, Object> kafkaHeaders = Map.of("kafka.TOPIC", "orders", "kafka.PARTITION", 3, "kafka.OFFSET", 12L,
                "kafka.KEY", "order-12", "kafka.TIMESTAMP", 1_764_000_000_000L);
        return Stream.of(
                Arguments.of("a Map of three fields", Map.of(), (LongFunction<Object>) ReliabilityTest::orderPlaced),
                Arguments.of("a Map of eleven fields", Map.of(), (LongFunction<Object>) ReliabilityTest::logEvent),
                Arguments.of("a Map with a 5,000-character message", Map.of(),
                        (LongFunction<Object>) n -> Map.of("id", n, "message", message + n)),
                Arguments.of("JSON text of 500 characters", Map.of(),
                        (LongFunction<Object>) n -> "{\"id\":" + n + ",\"message\":\"" + text + "\"}"),
                Arguments.of("JSON bytes of 2,000", Map.of(), (LongFunction<Object>) n -> ("{\"id\":" + n
                        + ",\"message\":\"" + bytes + "\"}").getBytes(StandardCharsets.UTF_8)),
                Arguments.of("a Map of three fields with five headers", kafkaHeaders,
                        (LongFunction<Object>) ReliabilityTest::orderPlaced));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("waitingExchanges")
    void acknowledgedExchangesHoldNoMoreHeapThanMaxPendingBytes(String kind, Map<String, Object> headers,
                                                               LongFunction<Object> body) throws Exception {
        long bound = 24L * 1024 * 1024;
        CountDownLatch released = new CountDownLatch(1);
        // nothing is answered, so every exchange stays waiting until the bound is reached
        try (RawServer silent = new RawServer(out -> released.await())) {
            // a short queue, so that what is measured is what the producer holds; request bodies under half a G1
            // region (1 MiB at least), which G1 would round up to whole regions (see the guide)
            Endpoint seda = routeTo("seda:waiting?size=10&blockWhenFull=true",
                    uri(silent.url(), "maxPendingBytes=" + bound + "&offerTimeout=0&batchMaxBytes=500000"));
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long before = usedAfterGc(memory);
            long sent = 0;
            while (failed.get() == 0) {
                template.sendBodyAndHeaders(seda, body.apply(sent), headers);
                sent++;
            }
            long held = usedAfterGc(memory) - before;

            System.out.printf("Memory, %s: %d acknowledged exchanges sent until one was refused, %d bytes of heap for a"
                              + " bound of %d%n", kind, sent, held, bound);
            assertThat(firstFailure.get()).contains("no room under maxPendingBytes");
            assertThat(sent).as("exchanges taken").isGreaterThan(1_000);
            assertThat(held).as("heap the waiting exchanges take, against maxPendingBytes").isLessThan(bound + bound / 4);
        } finally {
            released.countDown();
        }
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

}
