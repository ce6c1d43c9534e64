package io.github.camelloganalytics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.camelloganalytics.emulator.Fault;
import io.github.camelloganalytics.emulator.LogAnalyticsEmulatorExtension;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the docs promise, under faults and load: in acknowledged mode every record is accepted by the service or its
 * exchange fails with a clear error; nothing is lost silently.
 */
class ReliabilityTest extends CamelTestSupport {

    static final String WS = WireMockServiceSupport.WORKSPACE;
    static final String KEY = WireMockServiceSupport.KEY;
    static final String SECONDARY = WireMockServiceSupport.SECONDARY_KEY;
    static final int SENDERS = 8;
    static final String SEDA = "seda:records?concurrentConsumers=" + SENDERS + "&size=5000&blockWhenFull=true";

    @RegisterExtension
    static LogAnalyticsEmulatorExtension logAnalytics = LogAnalyticsEmulatorExtension.withWorkspace(WS, KEY, SECONDARY);

    final AtomicLong delivered = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final java.util.concurrent.atomic.AtomicReference<String> firstFailure = new java.util.concurrent.atomic.AtomicReference<>();

    @BeforeEach
    void restoreKeys() {
        logAnalytics.emulator().workspace(WS).replaceKeys(KEY, SECONDARY);
    }

    static String uri(String options) {
        return uri(logAnalytics.endpoint(), options);
    }

    static String uri(String serviceUrl, String options) {
        return "loganalytics:Reliability?workspaceId=" + WS + "&endpoint=" + serviceUrl
               + "&retryBackoff=20&maxRetryBackoff=300" + (options.contains("sharedKey") ? "" : "&sharedKey=RAW(" + KEY + ")")
               + (options.isEmpty() ? "" : "&" + options);
    }

    /** A route from a seda queue with concurrent consumers, counting exchanges that completed and that failed. */
    private Endpoint route(String options) throws Exception {
        return routeTo(SEDA, uri(options));
    }

    private Endpoint routeTo(String from, String endpointUri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                onException(Exception.class).handled(true).process(e -> {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, String.valueOf(e.getProperty(Exchange.EXCEPTION_CAUGHT)));
                });
                from(from).to(endpointUri).process(e -> delivered.incrementAndGet());
            }
        });
        return context.getEndpoint(from);
    }

    private long send(Endpoint endpoint, int from, int to) throws InterruptedException {
        return sendWhile(endpoint, new AtomicLong(from), id -> id < to);
    }

    /**
     * Sends records with ids taken from {@code next}, from several threads, while {@code more} accepts the id taken.
     *
     * @return how many records were sent
     */
    private long sendWhile(Endpoint endpoint, AtomicLong next, java.util.function.LongPredicate more)
            throws InterruptedException {
        AtomicLong sent = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < SENDERS; t++) {
            Thread thread = new Thread(() -> {
                for (long i = next.getAndIncrement(); more.test(i); i = next.getAndIncrement()) {
                    template.sendBody(endpoint, orderPlaced(i));
                    sent.incrementAndGet();
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return sent.get();
    }

    private static void awaitLanded(int rows) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> logAnalytics.rows("Reliability_CL").size() >= rows);
    }

    private void awaitOutcomes(long expected, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (delivered.get() + failed.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(delivered.get() + failed.get()).as("exchanges with an outcome").isEqualTo(expected);
    }

    /** How often each id landed. */
    private static Map<Long, Integer> landed() {
        Map<Long, Integer> counts = new HashMap<>();
        for (Map<String, Object> row : logAnalytics.rows("Reliability_CL")) {
            counts.merge(((Double) row.get("id_d")).longValue(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void underChaosEveryRecordLandsAndDuplicatesComeOnlyFromLostAnswers() throws Exception {
        List<Fault> plan = new ArrayList<>();
        for (int round = 0; round < 12; round++) {
            plan.add(new Fault(3, 0, null, null, 0, null, null)); // served normally
            plan.add(Fault.status(1, 503));
            plan.add(new Fault(1, 429, null, "50", 0, null, null));
            plan.add(Fault.status(1, 500));
            plan.add(Fault.latency(2, 150));
            plan.add(Fault.drop(1, Fault.DROP_BEFORE_READ));
            plan.add(Fault.drop(1, Fault.DROP_AFTER_READ));
            plan.add(Fault.drop(1, Fault.DROP_AFTER_STORE));
        }
        logAnalytics.emulator().faults().add(plan);
        int records = 100_000;
        // generous retries: a burst of dropped connections must not exhaust a batch's attempts in a second
        Endpoint seda = route("batchSize=500&maxRetries=30");

        send(seda, 0, records);
        awaitOutcomes(records, 120);

        assertThat(failed.get()).as("exchanges that failed, first: %s", firstFailure.get()).isZero();
        assertThat(logAnalytics.emulator().faults().size()).as("faults left unapplied").isZero();
        Map<Long, Integer> landed = landed();
        assertThat(landed).as("distinct ids landed").hasSize(records);
        long duplicates = landed.values().stream().mapToLong(n -> n - 1).sum();
        long lostAnswers = logAnalytics.emulator().recordsStoredWithoutAnswer();
        System.out.printf("Chaos: %d records, %d ingestion requests, %d duplicates, %d records stored with a lost answer%n",
                records, logAnalytics.emulator().ingestionRequests(), duplicates, lostAnswers);
        assertThat(lostAnswers).as("the plan lost answers after storing").isPositive();
        assertThat(duplicates).as("duplicates are exactly the records whose answer was lost").isEqualTo(lostAnswers);
    }

    @Test
    void outageLongerThanDeliveryTimeoutFailsExchangesAndDeadLettersExactlyTheirRecords() throws Exception {
        logAnalytics.emulator().faults().add(List.of(new Fault(-1, 503, null, null, 0, null, null)));
        // long enough that the first 503 and, after the outage, each answer arrive within it on a loaded machine
        String endpoint = uri("deliveryTimeout=3000&maxRetries=1000&batchTimeout=20&deadLetterUri=mock:dead");
        MockEndpoint dead = getMockEndpoint("mock:dead");
        List<CompletableFuture<Exchange>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            long id = i;
            futures.add(template.asyncSend(endpoint, e -> e.getMessage().setBody(Map.of("id", id))));
        }

        for (CompletableFuture<Exchange> f : futures) {
            LogAnalyticsException error = f.get(30, TimeUnit.SECONDS).getException(LogAnalyticsException.class);
            assertThat(error).isNotNull();
            assertThat(error.getMessage()).contains("not delivered within deliveryTimeout (3000 ms)", "HTTP 503");
            assertThat(error.isRetryable()).isTrue();
        }
        List<Long> deadIds = new ArrayList<>();
        for (Exchange deadLetter : dead.getReceivedExchanges()) {
            for (var record : new com.fasterxml.jackson.databind.ObjectMapper().readTree(deadLetter.getMessage().getBody(String.class))) {
                deadIds.add(record.get("id").asLong());
            }
        }
        assertThat(deadIds).containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.range(0, 50).boxed().toList());
        assertThat(logAnalytics.rows("Reliability_CL")).isEmpty();

        logAnalytics.emulator().faults().clear();
        for (int i = 100; i < 110; i++) {
            long id = i;
            assertThat(template.request(endpoint, e -> e.getMessage().setBody(Map.of("id", id))).getException()).isNull();
        }
        assertThat(landed().keySet()).containsExactlyInAnyOrderElementsOf(
                java.util.stream.LongStream.range(100, 110).boxed().toList());
    }

    @Test
    void stoppingUnderLoadFlushesEveryPendingRecord() throws Exception {
        Endpoint seda = route("batchSize=1000&batchTimeout=1h");
        send(seda, 0, 20_500);
        // a backlog may still be on its way to the service: the stop waits for it, however slow the machine
        context.getShutdownStrategy().setTimeout(60);

        context.stop();

        assertThat(failed.get()).isZero();
        assertThat(landed()).hasSize(20_500);
    }

    @Test
    void slowServicePushesBackWithinMaxPendingBytes() throws Exception {
        logAnalytics.emulator().faults().add(List.of(Fault.latency(-1, 100)));
        long bound = 200_000;
        Endpoint seda = route("maxPendingBytes=" + bound + "&batchSize=50&maxConcurrentRequests=2");
        LogAnalyticsEndpoint endpoint = context.getEndpoints().stream().filter(LogAnalyticsEndpoint.class::isInstance)
                .map(LogAnalyticsEndpoint.class::cast).findFirst().orElseThrow();
        AtomicLong sampledMax = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                sampledMax.accumulateAndGet(endpoint.getPendingBytes(), Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();

        send(seda, 0, 3000);
        awaitOutcomes(3000, 60);
        sampler.interrupt();

        assertThat(failed.get()).isZero();
        assertThat(landed()).hasSize(3000);
        System.out.printf("Back-pressure: bound %d bytes, high water %d, sampled max %d%n", bound,
                endpoint.getPendingBytesHighWater(), sampledMax.get());
        assertThat(endpoint.getPendingBytesHighWater()).isPositive().isLessThanOrEqualTo(bound);
        assertThat(sampledMax.get()).isLessThanOrEqualTo(bound);
    }

    @Test
    void failoverToTheSecondaryKeyUnderLoadLosesNothing() throws Exception {
        logAnalytics.emulator().workspace(WS).replaceKeys(SECONDARY); // the primary was regenerated
        Endpoint seda = route("sharedKey=RAW(" + KEY + ")&secondarySharedKey=RAW(" + SECONDARY + ")");

        send(seda, 0, 5000);
        awaitOutcomes(5000, 60);

        assertThat(failed.get()).isZero();
        assertThat(landed()).hasSize(5000);
    }

    @Test
    void keyFileRotationUnderLoadLosesNothing(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("key");
        Files.writeString(keyFile, KEY);
        Endpoint seda = route("sharedKeyFile=" + keyFile);
        AtomicLong next = new AtomicLong();
        AtomicLong sentDuringRotation = new AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean rotated = new java.util.concurrent.atomic.AtomicBoolean();
        // the load runs until the rotation is over, however fast or slow this machine sends
        Thread load = new Thread(() -> {
            try {
                sentDuringRotation.set(sendWhile(seda, next, id -> !rotated.get()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        load.start();
        awaitLanded(1000);

        Files.writeString(keyFile, SECONDARY); // the secret is updated with the other key
        int landedAtRotation = logAnalytics.rows("Reliability_CL").size();
        awaitLanded(landedAtRotation + 2000);  // meanwhile the file is read again, at most a second later
        logAnalytics.emulator().workspace(WS).replaceKeys(SECONDARY); // then the old key is regenerated
        rotated.set(true);
        load.join();
        int from = (int) next.get();
        long sent = sentDuringRotation.get() + send(seda, from, from + 1000); // records keep landing, signed with the key from the file
        awaitOutcomes(sent, 60);

        assertThat(failed.get()).isZero();
        Set<Long> ids = new HashSet<>(landed().keySet());
        assertThat(ids).hasSize((int) sent);
    }

    static Map<String, Object> orderPlaced(long n) {
        return Map.of("id", n, "service", "checkout", "message", "order " + n + " placed");
    }

    static Map<String, Object> logEvent(long n) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("time", "2026-11-27T10:00:00." + (n % 1000) + "Z");
        event.put("level", "INFO");
        event.put("service", "checkout");
        event.put("host", "node-" + (n % 40) + ".prod.example.com");
        event.put("traceId", new UUID(n, ~n).toString());
        event.put("path", "/api/orders/" + n);
        event.put("status", 200);
        event.put("durationMs", n / 100.0);
        event.put("success", true);
        event.put("userId", (int) n);
        event.put("message", "order " + n + " placed by a customer who paid by card");
        return event;
    }

    @Test
    void queuedRecordsThatFailWithNoDeadLetterEndpointAreLoggedAtErrorWithTheirCount() throws Exception {
        logAnalytics.emulator().faults().add(List.of(Fault.status(-1, 400)));
        try (LogCapture errors = new LogCapture(org.apache.logging.log4j.Level.ERROR, "io.github.camelloganalytics")) {
            template.sendBody(uri("deliveryMode=queued&batchTimeout=10"), List.of(Map.of("id", 1), Map.of("id", 2), Map.of("id", 3)));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> !errors.lines().isEmpty());
            assertThat(errors.lines().get(0)).startsWith("3 records of logType Reliability are lost (queued delivery without a deadLetterUri)")
                    .contains("HTTP 400");
        }
    }
}
