package io.github.camelloganalytics.delivery;

/**
 * When an engine that is stopping must have settled everything. Until a stop begins there is none.
 */
final class StopDeadline {

    private volatile long deadlineNanos;
    private volatile boolean stopping;

    /** Starts the stop, or brings its deadline forward. */
    synchronized boolean begin(long nanos) {
        if (stopping && deadlineNanos - nanos <= 0) {
            return false;
        }
        deadlineNanos = nanos;
        stopping = true;
        return true;
    }

    boolean stopping() {
        return stopping;
    }

    /** The deadline, or {@code nowNanos + Long.MAX_VALUE / 2} when not stopping: later than anything else. */
    long deadlineNanos(long nowNanos) {
        return stopping ? deadlineNanos : nowNanos + Long.MAX_VALUE / 2;
    }
}
