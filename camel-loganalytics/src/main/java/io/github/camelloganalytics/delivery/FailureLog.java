package io.github.camelloganalytics.delivery;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.github.camelloganalytics.batch.Batch;
import io.github.camelloganalytics.batch.DeliveryFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs failed attempts and failed batches of one endpoint, at most one line per kind per interval, never per record:
 * an outage is visible from its first failure without flooding the log. Lines that were held back are counted in the
 * next one.
 */
final class FailureLog {

    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final Logger LOG = LoggerFactory.getLogger(FailureLog.class);

    private final LongSupplier nanoClock;
    private final Window attempts = new Window();
    private final Window failures = new Window();
    private final Window losses = new Window();

    FailureLog(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** An attempt failed; {@code retryInMillis} is the wait before the next one, or -1 when there is none. */
    void attemptFailed(Batch batch, DeliveryFailure failure, long retryInMillis) {
        long held = attempts.admit(nanoClock.getAsLong(), batch.recordCount());
        if (held < 0 || !LOG.isWarnEnabled()) {
            return;
        }
        LOG.warn("Attempt {} to send {} records of logType {} to {} failed: {}; {}{}", failure.attempts(),
                batch.recordCount(), batch.key().logType(), failure.target(), failure.reason(),
                retryInMillis >= 0 ? "retrying in " + retryInMillis + " ms" : "not retrying", heldBack(held, "failed attempts"));
    }

    /** A batch failed for good; its exchanges or the dead letter endpoint were told. */
    void batchFailed(Batch batch, DeliveryFailure failure, String whereTo) {
        long held = failures.admit(nanoClock.getAsLong(), batch.recordCount());
        if (held < 0 || !LOG.isWarnEnabled()) {
            return;
        }
        LOG.warn("{} records of logType {} were not delivered ({}): {}{}", batch.recordCount(), batch.key().logType(),
                whereTo, failure.reason(), heldBack(held, "failed batches"));
    }

    /** A batch failed for good and nobody could be told: its records are gone. */
    void recordsLost(Batch batch, DeliveryFailure failure, String why) {
        long held = losses.admit(nanoClock.getAsLong(), batch.recordCount());
        if (held < 0) {
            losses.addRecords(batch.recordCount());
            return;
        }
        LOG.error("{} records of logType {} are lost ({}): {}{}", batch.recordCount() + losses.takeRecords(),
                batch.key().logType(), why, failure.reason(), heldBack(held, "losses"));
    }

    /**
     * Logs the losses held back since the last line: called when the engine closes, since no later line will carry
     * them, so that the log names every record that JMX counts as lost.
     */
    void flush() {
        long records = losses.takeRecords();
        if (records > 0) {
            LOG.error("{} more records are lost: their losses were not logged one by one, to keep the log short", records);
        }
    }

    /** The dead letter endpoint refused records; always logged, it needs attention. */
    void deadLetterFailed(Batch batch, String why) {
        LOG.error("The dead letter endpoint did not take {} records of logType {}: {}", batch.recordCount(),
                batch.key().logType(), why);
    }

    private static String heldBack(long held, String what) {
        return held == 0 ? "" : " (" + held + " more " + what + " in the last " + TimeUnit.NANOSECONDS.toSeconds(INTERVAL_NANOS)
                                + " s were not logged)";
    }

    /** One line per interval; counts what it held back. */
    private static final class Window {
        private long nextNanos = Long.MIN_VALUE;
        private boolean started;
        private long held;
        private long heldRecords;

        /** @return the number held back since the last line if this one may be logged, else -1 */
        synchronized long admit(long now, int records) {
            if (started && now - nextNanos < 0) {
                held++;
                return -1;
            }
            started = true;
            nextNanos = now + INTERVAL_NANOS;
            long count = held;
            held = 0;
            return count;
        }

        synchronized void addRecords(int records) {
            heldRecords += records;
        }

        synchronized long takeRecords() {
            long count = heldRecords;
            heldRecords = 0;
            return count;
        }
    }
}
