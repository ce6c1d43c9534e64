package io.github.camelloganalytics.delivery;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.github.camelloganalytics.batch.DeliveryFailure;

/**
 * What an endpoint's deliveries did, summed over every producer that sends through it. Engines write; JMX, the health
 * check and the dev console read a {@link #snapshot()}.
 */
public final class DeliveryStatistics {

    private final LongAdder requests = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder batchesAccepted = new LongAdder();
    private final LongAdder batchesFailed = new LongAdder();
    private final LongAdder recordsAccepted = new LongAdder();
    private final LongAdder recordsFailed = new LongAdder();
    private final LongAdder recordsLost = new LongAdder();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicLong pendingBytesHighWater = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger handOvers = new AtomicInteger();
    private volatile DeliveryFailure lastFailure;
    private volatile long lastFailureMillis;
    private volatile boolean lastBatchFailed;

    void requestSent() {
        requests.increment();
    }

    void retryScheduled() {
        retries.increment();
    }

    void batchAccepted(int records) {
        batchesAccepted.increment();
        recordsAccepted.add(records);
        lastBatchFailed = false;
    }

    void batchFailed(int records, DeliveryFailure failure, long nowMillis) {
        batchesFailed.increment();
        recordsFailed.add(records);
        lastFailure = failure;
        lastFailureMillis = nowMillis;
        lastBatchFailed = true;
    }

    /** Records refused before they joined a batch: no room for them, or the producer stopping. */
    void recordsRefused(int records) {
        recordsFailed.add(records);
    }

    /** Records that failed with nobody to tell: no waiting exchange and no dead letter endpoint that took them. */
    void recordsLost(int records) {
        recordsLost.add(records);
    }

    void pendingChanged(long delta) {
        long now = pendingBytes.addAndGet(delta);
        if (delta > 0) {
            pendingBytesHighWater.accumulateAndGet(now, Math::max);
        }
    }

    void deliveryStarted() {
        inFlight.incrementAndGet();
    }

    void deliveryEnded() {
        inFlight.decrementAndGet();
    }

    void handOverStarted() {
        handOvers.incrementAndGet();
    }

    void handOverEnded() {
        handOvers.decrementAndGet();
    }

    /** A consistent-enough view of every figure, for one reading. */
    public Snapshot snapshot() {
        return new Snapshot(requests.sum(), retries.sum(), batchesAccepted.sum(), batchesFailed.sum(),
                recordsAccepted.sum(), recordsFailed.sum(), recordsLost.sum(), pendingBytes.get(),
                pendingBytesHighWater.get(), inFlight.get(), handOvers.get(), lastBatchFailed, lastFailure, lastFailureMillis);
    }

    /**
     * The figures at one moment.
     *
     * @param requests              requests sent, retries included
     * @param retries               retries after transient failures
     * @param batchesAccepted       requests the service accepted
     * @param batchesFailed         batches that finally failed
     * @param recordsAccepted       records the service accepted
     * @param recordsFailed         records that finally failed, or were refused before they joined a batch
     * @param recordsLost           failed records that reached neither an exchange nor the dead letter endpoint
     * @param pendingBytes          bytes held under maxPendingBytes now
     * @param pendingBytesHighWater most bytes held at once
     * @param inFlight              batches being delivered (sent, or waiting to be retried)
     * @param deadLettersUnderWay   dead letter hand-overs started and not yet answered
     * @param lastBatchFailed       whether the batch settled most recently failed
     * @param lastFailure           the most recent failure, or null
     * @param lastFailureMillis     when it happened (epoch milliseconds), 0 if never
     */
    public record Snapshot(long requests, long retries, long batchesAccepted, long batchesFailed, long recordsAccepted,
            long recordsFailed, long recordsLost, long pendingBytes, long pendingBytesHighWater, int inFlight,
            int deadLettersUnderWay, boolean lastBatchFailed, DeliveryFailure lastFailure, long lastFailureMillis) {
    }
}
