package io.github.camelloganalytics.delivery;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelloganalytics.LogCapture;
import io.github.camelloganalytics.batch.Batch;
import io.github.camelloganalytics.batch.BatchKey;
import io.github.camelloganalytics.batch.DeliveryFailure;
import io.github.camelloganalytics.batch.RecordListener;
import io.github.camelloganalytics.transport.CredentialException;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery engine on a virtual clock: every wait is exact and nothing sleeps.
 */
class DeliveryEngineTest {

    static final BatchKey KEY = new BatchKey("AppEvents", null, null);

    final ManualScheduler scheduler = new ManualScheduler();
    final FakeService service = new FakeService();
    final DeliveryStatistics statistics = new DeliveryStatistics();
    final List<String> deadLetters = new CopyOnWriteArrayList<>();
    final Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

    /** Hears the outcome of an exchange's records. */
    static class Outcome implements RecordListener {
        final AtomicInteger accepted = new AtomicInteger();
        final List<DeliveryFailure> failures = new CopyOnWriteArrayList<>();

        @Override
        public void accepted(int records, int statusCode) {
            accepted.addAndGet(records);
        }

        @Override
        public void failed(int records, DeliveryFailure failure) {
            failures.add(failure);
        }

        DeliveryFailure failure() {
            assertThat(failures).as("failures").hasSize(1);
            return failures.get(0);
        }
    }

    static DeliveryEngine.Settings settings(int batchSize, long batchTimeoutMillis, int slots, long deliveryTimeoutMillis,
                                            long requestTimeoutMillis, int maxRetries, long backoff, long maxBackoff,
                                            int successStatus) {
        return new DeliveryEngine.Settings(batchSize, 1_000_000, batchTimeoutMillis, batchTimeoutMillis, slots,
                false, 10_000_000, deliveryTimeoutMillis, requestTimeoutMillis, 1000, maxRetries, backoff, maxBackoff,
                successStatus, "the Data Collector API", null, RefusalHints.NONE);
    }

    DeliveryEngine engine(DeliveryEngine.Settings settings, FakeService with, DeadLetterSink deadLetter) {
        return new DeliveryEngine(settings, with, with, scheduler, scheduler, deadLetter, statistics,
                scheduler::nanoTime, clock);
    }

    DeliveryEngine engine(DeliveryEngine.Settings settings) {
        return engine(settings, service, (batch, failure, taken) -> {
            deadLetters.add(new String(batch.body(), StandardCharsets.UTF_8));
            taken.accept(null);
        });
    }

    /** Batches settled {@code seconds} from now, dead letters handed over by a second later. */
    StopDeadlines stopBy(long seconds) {
        return new StopDeadlines(scheduler.nanoTime() + SECONDS.toNanos(seconds), scheduler.nanoTime() + SECONDS.toNanos(seconds + 1));
    }

    static DeliveryEngine.Settings defaults() {
        return settings(3, 100, 4, 120_000, 60_000, 10, 500, 30_000, 200);
    }

    Outcome offer(DeliveryEngine engine, int records) throws InterruptedException {
        Outcome outcome = new Outcome();
        List<byte[]> encoded = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            encoded.add(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(engine.admit(KEY, encoded, outcome, 0, 0)).isEqualTo(DeliveryEngine.Admission.ADMITTED);
        return outcome;
    }

    @Test
    void aFullBatchIsSentAtOnceAndItsExchangesHearWhenTheServiceAccepts() throws Exception {
        DeliveryEngine engine = engine(defaults());
        Outcome outcome = offer(engine, 3);
        scheduler.runDue();

        assertThat(service.sent).hasSize(1);
        assertThat(outcome.accepted).hasValue(0);
        service.last().answer(200);
        scheduler.runDue();

        assertThat(outcome.accepted).hasValue(3);
        assertThat(statistics.snapshot().recordsAccepted()).isEqualTo(3);
        assertThat(statistics.snapshot().pendingBytes()).isZero();
        assertThat(statistics.snapshot().inFlight()).isZero();
    }

    @Test
    void aTokenServiceThatCouldNotBeReachedCountsAsAnAttempt() throws Exception {
        DeliveryEngine engine = engine(settings(3, 100, 4, 120_000, 60_000, 0, 500, 30_000, 200));
        service.credentialFailures.add(new CredentialException("the token service could not be reached: refused", true, null));
        Outcome outcome = offer(engine, 3);
        scheduler.runDue();

        assertThat(service.sent).isEmpty();
        assertThat(outcome.failure().reason()).startsWith("no credential for the request: the token service could not be reached")
                .contains("still after 1 attempts (maxRetries 0)");
    }

    @Test
    void aTokenFailureHeldFromAnotherRequestIsWaitedOutWithoutCountingAnAttempt() throws Exception {
        DeliveryEngine engine = engine(settings(3, 100, 4, 120_000, 60_000, 0, 500, 30_000, 200));
        service.credentialFailures.add(new CredentialException("the token service could not be reached: refused", true, null, 400));
        Outcome outcome = offer(engine, 3);
        scheduler.runDue();

        assertThat(service.sent).isEmpty();
        assertThat(outcome.failures).isEmpty();
        scheduler.advance(399, MILLISECONDS);
        scheduler.runDue();
        assertThat(service.sent).isEmpty();

        scheduler.advance(1, MILLISECONDS);
        scheduler.runDue();
        assertThat(service.sent).hasSize(1);
        service.last().answer(200);
        scheduler.runDue();
        assertThat(outcome.accepted).hasValue(3);
    }

    @Test
    void aPartialBatchLeavesAtBatchTimeoutNotBefore() throws Exception {
        DeliveryEngine engine = engine(defaults());
        offer(engine, 1);

        scheduler.advance(99, MILLISECONDS);
        assertThat(service.sent).isEmpty();
        scheduler.advance(1, MILLISECONDS);
        assertThat(service.sent).hasSize(1);
    }

    @Test
    void openBatchesCanBeSentBeforeTheyFallDue() throws Exception {
        DeliveryEngine engine = engine(defaults());
        offer(engine, 1);
        offer(engine, 1);

        engine.sendOpenBatches();
        scheduler.runDue();

        assertThat(service.sent).as("one request, at once, with both records").hasSize(1);
        assertThat(service.prepared.get(0).recordCount()).isEqualTo(2);
        scheduler.advance(100, MILLISECONDS);
        assertThat(service.sent).as("nothing left to fall due").hasSize(1);
    }

    @Test
    void openBatchesAskedForWhileARequestIsInFlightGoOnceItIsAnswered() throws Exception {
        DeliveryEngine engine = engine(defaults());
        offer(engine, 1);
        engine.sendOpenBatches();
        scheduler.runDue();
        offer(engine, 1);
        offer(engine, 1);

        engine.sendOpenBatches();
        scheduler.runDue();
        assertThat(service.sent).as("a request is in flight: the open batch keeps filling").hasSize(1);

        service.last().answer(200);
        scheduler.runDue();
        assertThat(service.sent).as("answered: the open batch goes at once, not when it falls due").hasSize(2);
        assertThat(service.prepared.get(1).recordCount()).isEqualTo(2);
    }

    @Test
    void sendingOpenBatchesNowStillKeepsToTheRequestSlots() throws Exception {
        DeliveryEngine engine = engine(settings(3, 100, 1, 120_000, 60_000, 10, 500, 30_000, 200));
        offer(engine, 3);
        scheduler.runDue();
        offer(engine, 1);

        engine.sendOpenBatches();
        scheduler.runDue();

        assertThat(service.sent).as("the only slot is busy: the open batch keeps filling").hasSize(1);
    }

    @Test
    void aRetryWaitsExactlyWhatTheServiceAskedFor() throws Exception {
        DeliveryEngine engine = engine(defaults());
        Outcome outcome = offer(engine, 3);
        scheduler.runDue();
        service.last().answer(429, Map.of("retry-after-ms", List.of("1500")), "");
        scheduler.runDue();

        scheduler.advance(1499, MILLISECONDS);
        assertThat(service.sent).as("no attempt before Retry-After").hasSize(1);
        scheduler.advance(1, MILLISECONDS);
        assertThat(service.sent).hasSize(2);
        service.last().answer(200);
        scheduler.runDue();
        assertThat(outcome.accepted).hasValue(3);
        assertThat(statistics.snapshot().retries()).isEqualTo(1);
    }

    @Test
    void whileTheServiceAskedToWaitNoRequestStartsNotEvenForANewBatch() throws Exception {
        DeliveryEngine engine = engine(defaults());
        Outcome first = offer(engine, 3);
        scheduler.runDue();
        service.last().answer(429, Map.of("retry-after-ms", List.of("1500")), "");
        scheduler.runDue();

        Outcome second = offer(engine, 3);
        scheduler.runDue();
        scheduler.advance(1499, MILLISECONDS);
        assertThat(service.sent).as("a free slot, but the service said wait").hasSize(1);
        scheduler.advance(1, MILLISECONDS);
        assertThat(service.sent).hasSize(3);
        service.sent.forEach(sent -> {
            if (!sent.response().isDone()) {
                sent.answer(200);
            }
        });
        scheduler.runDue();

        assertThat(first.accepted).hasValue(3);
        assertThat(second.accepted).hasValue(3);
        assertThat(statistics.snapshot().requests()).as("the held batch's wait is not an attempt").isEqualTo(3);
    }

    @Test
    void backoffNeverWaitsLongerThanMaxRetryBackoff() throws Exception {
        DeliveryEngine engine = engine(settings(3, 100, 4, 600_000, 60_000, 8, 100, 400, 200));
        offer(engine, 3);
        scheduler.runDue();
        for (int attempt = 1; attempt <= 8; attempt++) {
            long failedAt = scheduler.millis();
            service.last().answer(503);
            scheduler.runDue();
            while (service.sent.size() == attempt) {
                scheduler.advance(1, MILLISECONDS);
            }
            long wait = scheduler.millis() - failedAt;
            assertThat(wait).as("wait after attempt %d", attempt).isLessThanOrEqualTo(Math.min(400L, 100L << (attempt - 1)));
        }
    }

    @Test
    void deliveryTimeoutHoldsWhileAnAttemptIsInFlight() throws Exception {
        // requestTimeout 10 s, deliveryTimeout 3 s: the attempt may last only what is left of the 3 s
        DeliveryEngine engine = engine(settings(3, 100, 4, 3000, 10_000, 10, 500, 30_000, 200));
        Outcome outcome = offer(engine, 3);
        scheduler.runDue();

        assertThat(service.last().timeout()).isEqualTo(Duration.ofSeconds(3));
        scheduler.advance(3, SECONDS);
        service.last().fail(new HttpTimeoutException("no complete response within 3000 ms"));
        scheduler.runDue();

        DeliveryFailure failure = outcome.failure();
        assertThat(failure.reason()).startsWith("not delivered within deliveryTimeout (3000 ms) after 1 attempts")
                .contains("last error: no complete response from service.example");
        assertThat(failure.retryable()).isTrue();
        assertThat(service.sent).hasSize(1);
    }

    @Test
    void aRefusedCredentialIsReplacedOnceAndTheRequestRepeatedAtOnce() throws Exception {
        FakeService twoKeys = new FakeService("primary", "secondary");
        DeliveryEngine engine = engine(defaults(), twoKeys, null);
        Outcome outcome = offer(engine, 3);
        scheduler.runDue();
        twoKeys.last().answer(403, Map.of(), "{\"Error\":\"InvalidAuthorization\",\"Message\":\"An invalid scheme was specified\"}");
        scheduler.runDue();

        assertThat(twoKeys.sent).hasSize(2);
        assertThat(twoKeys.last().credential()).isEqualTo("secondary");
        twoKeys.last().answer(403, Map.of(), "{\"Error\":\"InvalidAuthorization\",\"Message\":\"refused\"}");
        scheduler.runDue();

        DeliveryFailure failure = outcome.failure();
        assertThat(failure.statusCode()).isEqualTo(403);
        assertThat(failure.errorCode()).isEqualTo("InvalidAuthorization");
        assertThat(failure.retryable()).isFalse();
        assertThat(twoKeys.sent).hasSize(2);
    }

    @Test
    void aRefusedRequestFailsAtOnceAndItsRecordsReachTheDeadLetterSinkBeforeTheExchange() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        DeliveryEngine engine = engine(defaults(), service, (batch, failure, taken) -> {
            order.add("dead letter");
            taken.accept(null);
        });
        Outcome outcome = new Outcome() {
            @Override
            public void failed(int records, DeliveryFailure failure) {
                order.add("exchange");
                super.failed(records, failure);
            }
        };
        engine.admit(KEY, List.of("{}".getBytes(StandardCharsets.UTF_8)), outcome, 0, 0);
        scheduler.advance(100, MILLISECONDS);
        service.last().answer(400, Map.of(), "{\"Error\":\"InvalidDataFormat\",\"Message\":\"bad\"}");
        scheduler.runDue();

        assertThat(order).containsExactly("dead letter", "exchange");
        assertThat(outcome.failure().reason()).isEqualTo("the service refused the request with HTTP 400 (InvalidDataFormat: bad)");
        assertThat(service.sent).hasSize(1);
    }

    @Test
    void onlyTheApisOwnSuccessStatusCountsAsAccepted() throws Exception {
        DeliveryEngine engine = engine(defaults());
        Outcome accepted202 = offer(engine, 3);
        scheduler.runDue();
        service.last().answer(202);
        scheduler.runDue();
        assertThat(accepted202.failure().reason()).contains("answered HTTP 202", "not the Data Collector API's answer (HTTP 200)");

        Outcome htmlPage = offer(engine, 3);
        scheduler.runDue();
        String page = "<html><body>Please sign in to the proxy <script>alert(1)</script></body></html>";
        service.last().answer(200, Map.of("Content-Type", List.of("text/html; charset=utf-8")), page);
        scheduler.runDue();
        assertThat(htmlPage.failure().reason()).contains("HTTP 200 with a text/html body of " + page.length() + " bytes")
                .doesNotContain("sign in", "script");
        assertThat(statistics.snapshot().recordsAccepted()).isZero();
    }

    @Test
    void aNonJsonErrorBodyIsDescribedNotQuoted() throws Exception {
        DeliveryEngine engine = engine(settings(3, 100, 4, 120_000, 60_000, 0, 500, 30_000, 200));
        Outcome outcome = offer(engine, 3);
        scheduler.runDue();
        String body = "upstream \u001b[31mexploded\u001b[0m secret=abc";
        service.last().answer(502, Map.of("Content-Type", List.of("text/plain")), body);
        scheduler.runDue();

        assertThat(outcome.failure().reason()).isEqualTo("the service answered HTTP 502 with a text/plain body of "
                                                          + body.length() + " bytes, still after 1 attempts (maxRetries 0)");
    }

    @Test
    void flushSendsOpenBatchesWithoutWaitingForTheirTimeout() throws Exception {
        DeliveryEngine engine = engine(defaults());
        offer(engine, 1);
        engine.flush();
        scheduler.runDue();
        assertThat(service.sent).hasSize(1);
    }

    @Test
    void atMostMaxConcurrentRequestsBatchesAreDeliveredAtOnceAndTheRestKeepFilling() throws Exception {
        DeliveryEngine engine = engine(settings(3, 100, 2, 120_000, 60_000, 10, 500, 30_000, 200));
        for (int i = 0; i < 4; i++) {
            offer(engine, 3);
        }
        scheduler.runDue();
        assertThat(service.sent).hasSize(2);
        assertThat(engine.inFlight()).isEqualTo(2);

        service.sent.get(0).answer(200);
        scheduler.runDue();
        assertThat(service.sent).hasSize(3);
    }

    @Test
    void closeFailsEveryRecordWithoutAnOutcomeAndRefusesNewOnes() throws Exception {
        DeliveryEngine engine = engine(defaults());
        Outcome inFlight = offer(engine, 3);
        scheduler.runDue();
        Outcome waiting = offer(engine, 1);

        engine.close("the producer stopped before the service accepted the records", scheduler.nanoTime());

        assertThat(inFlight.failure().reason()).startsWith("the producer stopped before the service accepted the records");
        assertThat(waiting.failure().reason()).isEqualTo("the producer stopped before the service accepted the records");
        assertThat(deadLetters).hasSize(2);
        Outcome late = new Outcome();
        assertThat(engine.admit(KEY, List.of("{}".getBytes(StandardCharsets.UTF_8)), late, 0, 0))
                .isEqualTo(DeliveryEngine.Admission.CLOSED);
        assertThat(late.failures).as("a record not admitted is not the engine's to settle").isEmpty();
        assertThat(statistics.snapshot().pendingBytes()).isZero();
    }

    @Test
    void stoppingGivesAWaitingBatchItsNextAttemptNowAndThatAttemptIsItsLast() throws Exception {
        DeliveryEngine engine = engine(defaults());
        Outcome outcome = offer(engine, 3);
        scheduler.runDue();
        service.last().answer(503);
        scheduler.runDue();
        assertThat(scheduler.nextDelayMillis()).as("waiting for a retry").isPositive();

        engine.beginStop(stopBy(5));
        scheduler.runDue();
        assertThat(service.sent).as("retried at once").hasSize(2);
        service.last().answer(503);
        scheduler.runDue();

        assertThat(outcome.failure().reason()).isEqualTo("the service answered HTTP 503; not retried: the producer is stopping");
        assertThat(service.sent).hasSize(2);
    }

    @Test
    void stoppingSendsOpenBatchesAtOnceAndFailsWhatIsStillInFlightAtTheDeadline() throws Exception {
        DeliveryEngine engine = engine(defaults());
        Outcome outcome = offer(engine, 1);
        engine.beginStop(stopBy(2));
        scheduler.runDue();
        assertThat(service.sent).as("sent without waiting for batchTimeout").hasSize(1);
        assertThat(service.last().timeout()).as("the attempt ends by the stop deadline").isEqualTo(Duration.ofSeconds(2));

        scheduler.advance(2, SECONDS);

        assertThat(outcome.failure().reason()).isEqualTo("the producer stopped before the service accepted the records");
        assertThat(service.last().response()).isCancelled();
        assertThat(deadLetters).hasSize(1);
    }

    @Test
    void anUnreachableServiceIsDescribedByItsHostAndCause() throws Exception {
        DeliveryEngine engine = engine(settings(3, 100, 4, 120_000, 60_000, 1, 10, 10, 200));
        Outcome outcome = offer(engine, 3);
        scheduler.runDue();
        service.last().fail(new ConnectException());
        scheduler.advance(1, SECONDS);
        service.last().fail(new ConnectException());
        scheduler.runDue();

        DeliveryFailure failure = outcome.failure();
        assertThat(failure.reason()).isEqualTo("cannot connect to service.example (connection refused), still after 2 attempts (maxRetries 1)");
        assertThat(failure.target()).isEqualTo(FakeService.TARGET);
    }

    @Test
    void queuedRecordsThatFailWithNoDeadLetterEndpointAreCountedAsLost() throws Exception {
        DeliveryEngine engine = engine(defaults(), service, null);
        engine.admit(KEY, List.of("{}".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8)),
                RecordListener.NONE, 0, 0);
        scheduler.advance(100, MILLISECONDS);
        service.last().answer(400);
        scheduler.runDue();

        assertThat(statistics.snapshot().recordsLost()).isEqualTo(2);
        assertThat(statistics.snapshot().recordsFailed()).isEqualTo(2);
    }

    @Test
    void offersFromManyThreadsAreAllDelivered() throws Exception {
        DeliveryEngine engine = engine(settings(50, 100, 4, 120_000, 60_000, 10, 500, 30_000, 200));
        int threads = 8;
        int perThread = 500;
        List<Outcome> outcomes = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        outcomes.add(offer(engine, 1));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            thread.start();
            senders.add(thread);
        }
        start.countDown();
        for (Thread thread : senders) {
            thread.join();
        }
        // answer every request until nothing is left to send
        for (int answered = 0; answered < service.sent.size() || engine.queuedRecords() > 0 || engine.inFlight() > 0;) {
            scheduler.advance(100, MILLISECONDS);
            for (; answered < service.sent.size(); answered++) {
                service.sent.get(answered).answer(200);
            }
            scheduler.runDue();
        }

        assertThat(outcomes).hasSize(threads * perThread).allSatisfy(o -> assertThat(o.accepted).hasValue(1));
        assertThat(statistics.snapshot().recordsAccepted()).isEqualTo(threads * perThread);
        assertThat(service.prepared).allSatisfy(batch -> assertThat(batch.recordCount()).isLessThanOrEqualTo(50));
        assertThat(statistics.snapshot().pendingBytes()).isZero();
    }

    @Test
    void aBatchThatWaitedForASlotThroughAnOutageReportsTheServicesLastError() throws Exception {
        DeliveryEngine engine = engine(settings(3, 100, 1, 1000, 60_000, 10, 100, 100, 200));
        Outcome first = offer(engine, 3);
        Outcome waiting = offer(engine, 3);
        scheduler.runDue();

        // the first batch meets the outage until its deadline; the other gets the slot just before its own deadline and
        // its attempt, cut short by it, ends without an answer
        for (int answered = 0, rounds = 0; waiting.failures.isEmpty() && rounds < 100; rounds++) {
            for (; answered < service.sent.size(); answered++) {
                if (service.prepared.get(answered) == service.prepared.get(0)) {
                    service.sent.get(answered).answer(503);
                } else {
                    service.sent.get(answered).fail(new HttpTimeoutException("request timed out"));
                }
            }
            scheduler.advance(50, MILLISECONDS);
        }

        assertThat(first.failure().reason()).contains("HTTP 503");
        assertThat(waiting.failure().reason()).as("it never had an answer of its own")
                .contains("not delivered within deliveryTimeout (1000 ms)", "last error: ", "HTTP 503");
        assertThat(engine.inFlight()).isZero();
    }

    static DeliveryEngine.Settings adaptive(int maxConcurrentRequests) {
        return new DeliveryEngine.Settings(3, 1_000_000, 100, 100, maxConcurrentRequests, true, 10_000_000, 120_000,
                60_000, 1000, 10, 500, 30_000, 200, "the Data Collector API", null, RefusalHints.NONE);
    }

    /** An engine given {@code fullBatches} full batches, as many of them sent as its limit allows. */
    DeliveryEngine busy(DeliveryEngine.Settings settings, int fullBatches) throws InterruptedException {
        DeliveryEngine engine = engine(settings);
        for (int i = 0; i < fullBatches; i++) {
            offer(engine, 3);
        }
        scheduler.runDue();
        return engine;
    }

    @Test
    void anAdaptiveLimitOpensOneMoreRequestPerRoundTripWhileBatchesWaitAndAnswersHoldSteady() throws Exception {
        DeliveryEngine engine = busy(adaptive(8), 60);
        assertThat(engine.inFlight()).as("an adaptive limit starts at 4").isEqualTo(4);

        List<Integer> inFlight = new ArrayList<>();
        for (int answered = 0; answered < service.sent.size();) {
            scheduler.advance(100, MILLISECONDS);
            for (int sent = service.sent.size(); answered < sent; answered++) {
                service.sent.get(answered).answer(200);
            }
            scheduler.runDue();
            inFlight.add(engine.inFlight());
        }

        assertThat(inFlight).as("in flight after each round trip").startsWith(4, 5, 6, 7, 8, 8);
        assertThat(engine.concurrencyLimit()).as("never above maxConcurrentRequests").isEqualTo(8);
        assertThat(statistics.snapshot().recordsAccepted()).isEqualTo(180);
    }

    @Test
    void aThrottledAnswerTakesARequestAwayFromAnAdaptiveLimit() throws Exception {
        DeliveryEngine engine = busy(adaptive(8), 20);
        assertThat(service.sent).hasSize(4);

        scheduler.advance(100, MILLISECONDS);
        service.sent.get(0).answer(429);
        for (int i = 1; i < 4; i++) {
            service.sent.get(i).answer(200);
        }
        scheduler.runDue();

        assertThat(engine.concurrencyLimit()).isEqualTo(3);
        assertThat(engine.inFlight()).as("the throttled batch waits for its retry; two more went out").isEqualTo(3);
    }

    /** Four requests in flight under {@code settings}; the first is answered {@code status} after 100 ms. */
    int limitAfterTheFirstAnswerIs(DeliveryEngine.Settings settings, int status) throws Exception {
        DeliveryEngine engine = busy(settings, 20);

        scheduler.advance(100, MILLISECONDS);
        service.sent.get(0).answer(status);
        scheduler.runDue();
        return engine.concurrencyLimit();
    }

    @Test
    void anUnavailableServiceTakesARequestAwayFromAnAdaptiveLimit() throws Exception {
        assertThat(limitAfterTheFirstAnswerIs(adaptive(8), 503)).isEqualTo(3);
    }

    @Test
    void aServerErrorThatNamesNoWaitLeavesTheAdaptiveLimit() throws Exception {
        assertThat(limitAfterTheFirstAnswerIs(adaptive(8), 500)).isEqualTo(4);
    }

    @Test
    void eachChangeOfTheAdaptiveLimitIsLoggedAtDebug() throws Exception {
        try (LogCapture debug = new LogCapture(Level.DEBUG, DeliveryEngine.class.getName())) {
            busy(adaptive(8), 20);
            scheduler.advance(100, MILLISECONDS);
            service.sent.get(0).answer(429);
            service.sent.get(1).answer(200);
            scheduler.runDue();

            assertThat(debug.lines()).contains("Requests in flight allowed: 3 (was 4)");
        }
    }

    @Test
    void aRequestTimeoutTakesARequestAwayFromAnAdaptiveLimit() throws Exception {
        DeliveryEngine engine = busy(adaptive(8), 20);

        scheduler.advance(100, MILLISECONDS);
        service.sent.get(0).fail(new HttpTimeoutException("request timed out"));
        scheduler.runDue();

        assertThat(engine.concurrencyLimit()).isEqualTo(3);
    }

    @Test
    void aFixedLimitKeepsEveryRequestWhenThrottled() throws Exception {
        assertThat(limitAfterTheFirstAnswerIs(defaults(), 429)).isEqualTo(4);
    }

    static DeliveryEngine.Settings idling(long timeoutMillis, long idleMillis) {
        return new DeliveryEngine.Settings(1000, 1_000_000, timeoutMillis, idleMillis, 4, false, 10_000_000, 120_000, 60_000,
                1000, 10, 500, 30_000, 200, "the Data Collector API", null, RefusalHints.NONE);
    }

    @Test
    void aBatchNoRecordJoinedForTheIdleTimeLeavesThen() throws Exception {
        DeliveryEngine engine = engine(idling(5000, 1000));
        offer(engine, 3);

        scheduler.advance(999, MILLISECONDS);
        assertThat(service.sent).isEmpty();
        scheduler.advance(1, MILLISECONDS);
        assertThat(service.sent).hasSize(1);
        assertThat(service.prepared.get(0).recordCount()).isEqualTo(3);
    }

    @Test
    void aBatchKeptBusyByATrickleLeavesAtBatchTimeoutNotWhenIdle() throws Exception {
        // a record every 10 ms never leaves the batch idle for 120 ms: batchTimeout (600 ms) cuts it
        DeliveryEngine engine = engine(idling(600, 120));
        for (int i = 0; i < 120; i++) {
            offer(engine, 1);
            scheduler.advance(10, MILLISECONDS);
            service.sent.stream().filter(sent -> !sent.response().isDone()).forEach(sent -> sent.answer(200));
        }

        assertThat(service.prepared).hasSizeGreaterThanOrEqualTo(2);
        assertThat(service.prepared.get(0).recordCount()).as("cut by batchTimeout at 600 ms").isEqualTo(60);
    }

    @Test
    void aRulesQuotaPacesRequestsBeforeTheServiceRefusesThem() throws Exception {
        ServiceLimits limits = new ServiceLimits(new ServiceHold(scheduler.nanoTime()),
                new RequestBudget(60, 1_000_000_000, scheduler.nanoTime())); // one request a second
        DeliveryEngine engine = new DeliveryEngine(settings(1, 100, 4, 120_000, 60_000, 10, 500, 30_000, 200), service,
                service, scheduler, scheduler, null, statistics, scheduler::nanoTime, clock, limits);
        offer(engine, 1);
        offer(engine, 1);
        offer(engine, 1);
        scheduler.runDue();

        assertThat(service.sent).as("a second's worth at once").hasSize(1);
        scheduler.advance(999, MILLISECONDS);
        assertThat(service.sent).hasSize(1);
        scheduler.advance(1, MILLISECONDS);
        assertThat(service.sent).hasSize(2);
        scheduler.advance(1, SECONDS);
        assertThat(service.sent).hasSize(3);
        assertThat(statistics.snapshot().retries()).as("waiting for the quota is no retry").isZero();
    }

    @Test
    void aRetryAfterFromARuleHoldsEveryEngineSendingToIt() throws Exception {
        ServiceLimits rule = ServiceLimits.own(scheduler.nanoTime());
        FakeService other = new FakeService();
        DeliveryEngine first = new DeliveryEngine(defaults(), service, service, scheduler, scheduler, null, statistics,
                scheduler::nanoTime, clock, rule);
        DeliveryEngine second = new DeliveryEngine(defaults(), other, other, scheduler, scheduler, null,
                new DeliveryStatistics(), scheduler::nanoTime, clock, rule);
        offer(first, 3);
        scheduler.runDue();
        service.last().answer(429, Map.of("Retry-After", List.of("2")), "");
        scheduler.runDue();

        offer(second, 3);
        scheduler.runDue();
        assertThat(other.sent).as("the other engine waits for the rule's Retry-After too").isEmpty();
        scheduler.advance(2, SECONDS);
        assertThat(other.sent).hasSize(1);
    }
}
