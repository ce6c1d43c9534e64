package io.github.camelloganalytics.delivery;

/**
 * When an engine that is stopping must have settled everything. Until a stop begins there is none.
 */
final class StopDeadline {

    private volatile StopDeadlines deadlines;

    /** Starts the stop, or brings its deadlines forward; false if they stand as they were. */
    synchronized boolean begin(StopDeadlines asked) {
        StopDeadlines current = deadlines;
        StopDeadlines next = current == null ? asked : current.earliest(asked);
        if (next.equals(current)) {
            return false;
        }
        deadlines = next;
        return true;
    }

    boolean stopping() {
        return deadlines != null;
    }

    /** The deadlines, or null when not stopping. */
    StopDeadlines deadlines() {
        return deadlines;
    }

    /** The settle deadline, or {@code nowNanos + Long.MAX_VALUE / 2} when not stopping: later than anything else. */
    long deadlineNanos(long nowNanos) {
        StopDeadlines current = deadlines;
        return current != null ? current.settleByNanos() : nowNanos + Long.MAX_VALUE / 2;
    }
}
