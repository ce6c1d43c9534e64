package io.github.camelloganalytics.delivery;

/**
 * How many requests of an endpoint may be in flight. A fixed limit never moves. An adaptive one follows the service
 * (additive increase, multiplicative decrease, as Vector's adaptive request concurrency does), judged once per
 * window of one usual round trip:
 * <ul>
 * <li>the service pushed back (429, 503, a Retry-After, a timeout) or answered clearly slower than usual: a tenth
 * fewer, at least one;</li>
 * <li>else, if a batch was ready while every slot was taken and the answers came no slower than usual: one more, up to
 * the ceiling.</li>
 * </ul>
 * "Usual" is a running mean of the windows' round trips give or take their running mean deviation; "clearly slower"
 * is more than {@value #DEVIATIONS} deviations, and more than a quarter, above the mean: smaller rises are the noise
 * of a shared machine. Runs no threads; time is a parameter.
 */
final class ConcurrencyLimit {

    /** What a decrease keeps of the limit. */
    static final double DECREASE = 0.9;
    /** Weight of the latest window in the running mean and deviation of the round trip. */
    static final double ALPHA = 0.4;
    /** How many mean deviations above the usual round trip count as the service slowing down. */
    static final double DEVIATIONS = 2.5;
    /** The least rise of the round trip, as a share of the usual one, that counts as the service slowing down. */
    static final double MIN_RISE = 0.25;

    private final boolean adaptive;
    private final int ceiling;

    // written under this, read without it: the engine asks for it on every offer
    private volatile int limit;
    private volatile boolean wanted;
    // guarded by this
    private long windowEndsNanos;
    private long roundTripSumNanos;
    private int roundTrips;
    private boolean pushedBack;
    private double usualNanos = -1;
    private double deviationNanos;

    private ConcurrencyLimit(boolean adaptive, int initial, int ceiling, long nowNanos) {
        this.adaptive = adaptive;
        this.ceiling = ceiling;
        this.limit = initial;
        this.windowEndsNanos = nowNanos;
    }

    /** Always {@code limit} requests. */
    static ConcurrencyLimit fixed(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        return new ConcurrencyLimit(false, limit, limit, 0);
    }

    /** Starts at {@code initial} (at most {@code ceiling}) and moves between 1 and {@code ceiling}. */
    static ConcurrencyLimit adaptive(int initial, int ceiling, long nowNanos) {
        if (ceiling < 1 || initial < 1) {
            throw new IllegalArgumentException("limits must be at least 1: " + initial + ", " + ceiling);
        }
        return new ConcurrencyLimit(true, Math.min(initial, ceiling), ceiling, nowNanos);
    }

    /** Requests that may be in flight now. */
    int current() {
        return limit;
    }

    /**
     * Whether it still needs to hear that a batch waits for a slot in this window: never for a fixed limit, and once
     * per window for an adaptive one, so the engine need not look for a waiting batch on every offer.
     */
    boolean listensForWant() {
        return adaptive && !wanted;
    }

    /** A batch was ready to go and found every slot taken: the limit is what holds it back. */
    void wanted() {
        wanted = true;
    }

    /** The service accepted a request after {@code roundTripNanos}. */
    synchronized void answered(long roundTripNanos, long nowNanos) {
        if (!adaptive) {
            return;
        }
        roundTripSumNanos += Math.max(0, roundTripNanos);
        roundTrips++;
        endWindowIfDue(nowNanos);
    }

    /** The service asked the client to slow down, or did not answer in time. */
    synchronized void pushedBack(long nowNanos) {
        if (!adaptive) {
            return;
        }
        pushedBack = true;
        endWindowIfDue(nowNanos);
    }

    private void endWindowIfDue(long nowNanos) {
        if (nowNanos - windowEndsNanos < 0) {
            return;
        }
        double roundTrip = roundTrips == 0 ? -1 : (double) roundTripSumNanos / roundTrips;
        if (pushedBack) {
            limit = Math.max(1, (int) (limit * DECREASE));
        } else if (roundTrip >= 0 && usualNanos >= 0) {
            if (roundTrip > usualNanos + Math.max(DEVIATIONS * deviationNanos, MIN_RISE * usualNanos)) {
                limit = Math.max(1, (int) (limit * DECREASE));
            } else if (wanted && roundTrip <= usualNanos + deviationNanos) {
                limit = Math.min(ceiling, limit + 1);
            }
        }
        if (roundTrip >= 0) {
            if (usualNanos < 0) {
                usualNanos = roundTrip;
            } else {
                deviationNanos += ALPHA * (Math.abs(roundTrip - usualNanos) - deviationNanos);
                usualNanos += ALPHA * (roundTrip - usualNanos);
            }
        }
        windowEndsNanos = nowNanos + (long) Math.max(usualNanos, 0);
        roundTripSumNanos = 0;
        roundTrips = 0;
        pushedBack = false;
        wanted = false;
    }
}
