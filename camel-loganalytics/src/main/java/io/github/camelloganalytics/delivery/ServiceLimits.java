package io.github.camelloganalytics.delivery;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What the service imposes on everything sent to one target, whichever engine sends it: the wait it asked for
 * (Retry-After) and, for a data collection rule, its quota of requests and bytes a minute. Engines of one JVM that send
 * to the same target share one; {@link #shared} keeps them.
 *
 * @param hold   the wait the service asked for, shared by every attempt
 * @param budget the quota kept on this side, or null when none is kept
 */
public record ServiceLimits(ServiceHold hold, RequestBudget budget) {

    private static final Map<String, ServiceLimits> SHARED = new ConcurrentHashMap<>();

    /** Limits of this engine alone, with no quota kept. */
    public static ServiceLimits own(long nowNanos) {
        return new ServiceLimits(new ServiceHold(nowNanos), null);
    }

    /**
     * The limits every engine of the JVM that sends to {@code target} shares; made by the first that asks. The quota
     * is the first asker's: engines of one rule should agree on it.
     *
     * @param requestsPerMinute the rule's quota of requests a minute, 0 for none kept
     * @param bytesPerMinute    the rule's quota of bytes a minute, 0 for none kept
     */
    public static ServiceLimits shared(String target, long requestsPerMinute, long bytesPerMinute, LongSupplier nanoClock) {
        return SHARED.computeIfAbsent(target, key -> {
            long now = nanoClock.getAsLong();
            RequestBudget budget = requestsPerMinute > 0 || bytesPerMinute > 0
                    ? new RequestBudget(requestsPerMinute, bytesPerMinute, now) : null;
            return new ServiceLimits(new ServiceHold(now), budget);
        });
    }
}
