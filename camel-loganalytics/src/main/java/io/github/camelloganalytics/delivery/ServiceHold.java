package io.github.camelloganalytics.delivery;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The wait the service asked for (Retry-After on a throttled or unavailable answer) applies to the whole endpoint:
 * until it has passed, no attempt starts, new batches included, so a throttled service is not met by the other
 * request slots meanwhile.
 */
public final class ServiceHold {

    private final AtomicLong untilNanos;

    public ServiceHold(long nowNanos) {
        this.untilNanos = new AtomicLong(nowNanos);
    }

    /** The service asked to wait {@code millis} from {@code nowNanos}; a longer wait already asked for stands. */
    void holdFor(long nowNanos, long millis) {
        long until = nowNanos + TimeUnit.MILLISECONDS.toNanos(millis);
        untilNanos.accumulateAndGet(until, (current, asked) -> asked - current > 0 ? asked : current);
    }

    /** How long an attempt starting now must still wait; 0 when it may start. */
    long remainingNanos(long nowNanos) {
        long remaining = untilNanos.get() - nowNanos;
        return remaining > 0 ? remaining : 0;
    }
}
