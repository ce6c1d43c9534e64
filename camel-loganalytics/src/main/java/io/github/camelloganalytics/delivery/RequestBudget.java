package io.github.camelloganalytics.delivery;

import java.util.concurrent.TimeUnit;

/**
 * The service's quota on one data collection rule, kept on this side: so many requests and bytes a minute, refilled
 * continuously, with bursts of one second's worth, so that requests are paced before the service answers 429 rather
 * than after. Shared by every producer of the JVM that sends to the rule. Takes time as a parameter.
 */
public final class RequestBudget {

    private final double requestsPerNano;
    private final double bytesPerNano;
    private final double maxRequests;
    private final double maxBytes;
    // guarded by this
    private double requests;
    private double bytes;
    private long updatedNanos;

    /**
     * @param requestsPerMinute requests the rule takes a minute
     * @param bytesPerMinute    bytes the rule takes a minute
     */
    public RequestBudget(long requestsPerMinute, long bytesPerMinute, long nowNanos) {
        this.requestsPerNano = requestsPerMinute / (double) TimeUnit.MINUTES.toNanos(1);
        this.bytesPerNano = bytesPerMinute / (double) TimeUnit.MINUTES.toNanos(1);
        // a second's worth at once, and never less than one request
        this.maxRequests = Math.max(1, requestsPerMinute / 60.0);
        this.maxBytes = Math.max(1, bytesPerMinute / 60.0);
        this.requests = maxRequests;
        this.bytes = maxBytes;
        this.updatedNanos = nowNanos;
    }

    /**
     * Takes one request of {@code requestBytes} from the budget if it allows it now.
     *
     * @return 0 when taken; else how long until it would be, in nanoseconds (nothing is taken then)
     */
    public synchronized long take(long requestBytes, long nowNanos) {
        long elapsed = nowNanos - updatedNanos;
        if (elapsed > 0) {
            requests = Math.min(maxRequests, requests + elapsed * requestsPerNano);
            bytes = Math.min(maxBytes, bytes + elapsed * bytesPerNano);
            updatedNanos = nowNanos;
        }
        // a request larger than a second's bytes may go once the bytes are full: it would never fit otherwise
        double needBytes = Math.min(requestBytes, maxBytes);
        if (requests >= 1 && bytes >= needBytes) {
            requests -= 1;
            bytes -= requestBytes;
            return 0;
        }
        double waitForRequest = requests >= 1 ? 0 : (1 - requests) / requestsPerNano;
        double waitForBytes = bytes >= needBytes ? 0 : (needBytes - bytes) / bytesPerNano;
        return Math.max(1, (long) Math.ceil(Math.max(waitForRequest, waitForBytes)));
    }
}
