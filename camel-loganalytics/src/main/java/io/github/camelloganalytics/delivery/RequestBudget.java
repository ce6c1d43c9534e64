package io.github.camelloganalytics.delivery;

import java.util.concurrent.TimeUnit;

/**
 * The service's quota on one data collection rule, kept on this side: so many requests and bytes a minute, refilled
 * continuously, with bursts of one second's worth, so that requests are paced before the service answers 429 rather
 * than after. Either quota may be off (0): the other is kept alone. Shared by every producer of the JVM that sends to
 * the rule. Takes time as a parameter.
 */
public final class RequestBudget {

    private final double requestsPerNano;
    private final double bytesPerNano;
    private final double maxRequests;
    private final double maxBytes;
    private final boolean keepsRequests;
    private final boolean keepsBytes;
    // guarded by this
    private double requests;
    private double bytes;
    private long updatedNanos;

    /**
     * @param requestsPerMinute requests the rule takes a minute, 0 for no quota of requests
     * @param bytesPerMinute    bytes the rule takes a minute, 0 for no quota of bytes
     */
    public RequestBudget(long requestsPerMinute, long bytesPerMinute, long nowNanos) {
        this.keepsRequests = requestsPerMinute > 0;
        this.keepsBytes = bytesPerMinute > 0;
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
        boolean requestAllowed = !keepsRequests || requests >= 1;
        boolean bytesAllowed = !keepsBytes || bytes >= needBytes;
        if (requestAllowed && bytesAllowed) {
            if (keepsRequests) {
                requests -= 1;
            }
            if (keepsBytes) {
                bytes -= requestBytes;
            }
            return 0;
        }
        double waitForRequest = requestAllowed ? 0 : (1 - requests) / requestsPerNano;
        double waitForBytes = bytesAllowed ? 0 : (needBytes - bytes) / bytesPerNano;
        return Math.max(1, (long) Math.ceil(Math.max(waitForRequest, waitForBytes)));
    }
}
