package io.github.camelloganalytics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.camelloganalytics.batch.DeliveryFailure;
import io.github.camelloganalytics.batch.RecordListener;

/**
 * The records one producer handed to its endpoint's delivery that have no outcome yet: what stopping that producer's
 * route must wait for when the endpoint is shared with other routes. It hears the outcome of queued records itself;
 * acknowledged exchanges report theirs as they complete.
 */
final class ProducerBacklog implements RecordListener {

    private final AtomicLong records = new AtomicLong();

    void taken(int count) {
        records.addAndGet(count);
    }

    void settled(int count) {
        if (records.addAndGet(-count) == 0) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    @Override
    public void accepted(int count, int statusCode) {
        settled(count);
    }

    @Override
    public void failed(int count, DeliveryFailure failure) {
        settled(count);
    }

    /** No exchange waits for queued records. */
    @Override
    public boolean isWaiting() {
        return false;
    }

    /** Records without an outcome now. */
    long size() {
        return records.get();
    }

    /**
     * Waits until every record has an outcome, or the deadline ({@link System#nanoTime()}).
     *
     * @return true if none is left
     */
    boolean awaitEmpty(long deadlineNanos) throws InterruptedException {
        synchronized (this) {
            while (records.get() > 0) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, remaining);
            }
            return true;
        }
    }
}
