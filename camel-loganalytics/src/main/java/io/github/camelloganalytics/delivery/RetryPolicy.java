package io.github.camelloganalytics.delivery;

import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Which failures are worth another attempt, how long to wait before it (exponential backoff with full jitter, unless
 * the service said how long to wait), and how long a batch may take in all.
 */
public final class RetryPolicy {

    /** Statuses that mean "not now": timeouts, throttling and transient server errors. */
    static final Set<Integer> RETRYABLE_STATUS = Set.of(408, 429, 500, 502, 503, 504);

    private final int maxRetries;
    private final long baseMillis;
    private final long maxMillis;
    private final long deliveryTimeoutNanos;

    /**
     * @param deliveryTimeoutMillis longest time from a batch's first record to its outcome
     */
    public RetryPolicy(int maxRetries, long baseMillis, long maxMillis, long deliveryTimeoutMillis) {
        this.maxRetries = maxRetries;
        this.baseMillis = baseMillis;
        this.maxMillis = maxMillis;
        this.deliveryTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(deliveryTimeoutMillis);
    }

    public static boolean isRetryable(int status) {
        return RETRYABLE_STATUS.contains(status);
    }

    /** Whether another attempt may follow {@code attempts} made so far. */
    public boolean mayRetry(int attempts) {
        return attempts <= maxRetries;
    }

    /**
     * Wait before the next attempt.
     *
     * @param attempts        attempts made so far (1 after the first failed)
     * @param retryAfterMillis what the service asked for, or negative if it said nothing
     */
    public long delayMillis(int attempts, long retryAfterMillis) {
        if (retryAfterMillis >= 0) {
            return retryAfterMillis;
        }
        int exponent = Math.min(attempts - 1, 30);
        long ceiling = Math.min(maxMillis, baseMillis * (1L << exponent));
        return ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    public int maxRetries() {
        return maxRetries;
    }

    /** Longest time from a batch's first record to its outcome. */
    public long deliveryTimeoutNanos() {
        return deliveryTimeoutNanos;
    }
}
