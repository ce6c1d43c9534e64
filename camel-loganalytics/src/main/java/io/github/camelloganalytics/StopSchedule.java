package io.github.camelloganalytics;

import java.util.concurrent.TimeUnit;

import io.github.camelloganalytics.delivery.StopDeadlines;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.ShutdownStrategy;

/**
 * The one owner of when a component's endpoints must be done stopping. A stopping context gives every endpoint the same
 * deadlines, fixed when the stop begins, so one shutdown timeout covers them all; a route stopped on its own gets fresh
 * ones. Batches must be settled a margin before the shutdown timeout ends, so that their dead letters are handed over
 * and their exchanges routed while Camel still waits.
 */
final class StopSchedule {

    /** Of the shutdown timeout, what is kept back for dead letter hand-overs and for Camel to route failures. */
    private static final long MARGIN_MAX_MILLIS = 2000;

    private final CamelContext context;
    private volatile StopDeadlines contextStop;

    StopSchedule(CamelContext context) {
        this.context = context;
    }

    /** The context begins to stop: the deadlines every endpoint keeps from now on. */
    StopDeadlines contextStopping() {
        StopDeadlines deadlines = fresh();
        contextStop = deadlines;
        return deadlines;
    }

    /** The context's stop is over; a later start and stop gets new deadlines. */
    void contextStopped() {
        contextStop = null;
    }

    /** The context's deadlines while it stops, else null. */
    StopDeadlines contextStop() {
        return contextStop;
    }

    /** Deadlines for a stop beginning now: the context's if it is stopping, else fresh ones. */
    StopDeadlines current() {
        StopDeadlines deadlines = contextStop;
        return deadlines != null ? deadlines : fresh();
    }

    /** Camel gave up waiting: batches fail now, and their dead letters get the margin. */
    StopDeadlines immediate() {
        long now = System.nanoTime();
        return StopDeadlines.now(now, now + TimeUnit.MILLISECONDS.toNanos(marginMillis(timeoutMillis())));
    }

    private StopDeadlines fresh() {
        long timeout = timeoutMillis();
        long now = System.nanoTime();
        return new StopDeadlines(now + TimeUnit.MILLISECONDS.toNanos(timeout - marginMillis(timeout)),
                now + TimeUnit.MILLISECONDS.toNanos(timeout));
    }

    private long timeoutMillis() {
        ShutdownStrategy shutdown = context.getShutdownStrategy();
        return Math.max(1, shutdown.getTimeUnit().toMillis(shutdown.getTimeout()));
    }

    private static long marginMillis(long timeoutMillis) {
        return Math.min(MARGIN_MAX_MILLIS, timeoutMillis / 5);
    }
}
