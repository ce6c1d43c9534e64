package io.github.camelloganalytics.delivery;

/**
 * When a stop must be done, in {@link System#nanoTime()} terms: every batch has an outcome by {@code settleByNanos};
 * dead letter hand-overs of what failed then have until {@code handOverByNanos}.
 *
 * @param settleByNanos   batches still without an outcome fail then
 * @param handOverByNanos hand-overs still under way are given up then, and their records counted as lost
 */
public record StopDeadlines(long settleByNanos, long handOverByNanos) {

    /** Everything fails at once; hand-overs have until {@code handOverByNanos}. */
    public static StopDeadlines now(long nowNanos, long handOverByNanos) {
        return new StopDeadlines(nowNanos, handOverByNanos);
    }

    /** The earlier of each pair: a second stop can only bring a deadline forward. */
    StopDeadlines earliest(StopDeadlines other) {
        return new StopDeadlines(other.settleByNanos - settleByNanos < 0 ? other.settleByNanos : settleByNanos,
                other.handOverByNanos - handOverByNanos < 0 ? other.handOverByNanos : handOverByNanos);
    }
}
