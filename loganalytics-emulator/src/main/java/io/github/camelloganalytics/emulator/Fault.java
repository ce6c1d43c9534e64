package io.github.camelloganalytics.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to do instead of (or besides) serving an ingestion request normally, for a number of requests.
 *
 * @param count            how many requests this fault applies to; negative for all that follow
 * @param status           answer this status instead of processing (0: process normally)
 * @param retryAfter       value of a Retry-After header with the status, or null
 * @param retryAfterMs     value of a retry-after-ms header with the status, or null
 * @param latencyMs        delay before answering
 * @param drop             drop the connection: {@code beforeRead}, {@code afterRead} (records not stored) or
 *                         {@code afterStore} (records stored, the answer lost), or null
 * @param body             body sent with {@code status}, or null for the API's usual error body
 * @param answerDelayMs    delay between storing the records and answering: a service that is slow to answer what it
 *                         already stored
 */
public record Fault(int count, int status, String retryAfter, String retryAfterMs, long latencyMs, String drop,
        String body, long answerDelayMs) {

    /** A fault that answers as soon as it has stored. */
    public Fault(int count, int status, String retryAfter, String retryAfterMs, long latencyMs, String drop, String body) {
        this(count, status, retryAfter, retryAfterMs, latencyMs, drop, body, 0);
    }

    public static final String DROP_BEFORE_READ = "beforeRead";
    public static final String DROP_AFTER_READ = "afterRead";
    public static final String DROP_AFTER_STORE = "afterStore";

    /** The next {@code count} requests are answered with {@code status}. */
    public static Fault status(int count, int status) {
        return new Fault(count, status, null, null, 0, null, null, 0);
    }

    /** The next {@code count} requests wait {@code latencyMs} first. */
    public static Fault latency(int count, long latencyMs) {
        return new Fault(count, 0, null, null, latencyMs, null, null, 0);
    }

    /** The connection of the next {@code count} requests is dropped at the given point. */
    public static Fault drop(int count, String when) {
        return new Fault(count, 0, null, null, 0, when, null, 0);
    }

    /** The next {@code count} requests are stored at once and answered {@code delayMs} later. */
    public static Fault slowAnswer(int count, long delayMs) {
        return new Fault(count, 0, null, null, 0, null, null, delayMs);
    }

    /** The same fault with a Retry-After header, in seconds. */
    public Fault withRetryAfter(String seconds) {
        return new Fault(count, status, seconds, retryAfterMs, latencyMs, drop, body, answerDelayMs);
    }

    /** The same fault answering with this body (JSON, as the service's error bodies are). */
    public Fault withBody(String json) {
        return new Fault(count, status, retryAfter, retryAfterMs, latencyMs, drop, json, answerDelayMs);
    }

    Fault withCount(int newCount) {
        return new Fault(newCount, status, retryAfter, retryAfterMs, latencyMs, drop, body, answerDelayMs);
    }

    void validate() {
        if (count == 0) {
            throw new IllegalArgumentException("count must be positive, or negative for every request");
        }
        if (status != 0 && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("status must be an HTTP status, got " + status);
        }
        if (drop != null && !drop.equals(DROP_BEFORE_READ) && !drop.equals(DROP_AFTER_READ)
                && !drop.equals(DROP_AFTER_STORE)) {
            throw new IllegalArgumentException("drop must be beforeRead, afterRead or afterStore, got " + drop);
        }
        if (latencyMs < 0 || answerDelayMs < 0) {
            throw new IllegalArgumentException("latencyMs and answerDelayMs must not be negative");
        }
    }

    Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (retryAfter != null) {
            headers.put("Retry-After", retryAfter);
        }
        if (retryAfterMs != null) {
            headers.put("retry-after-ms", retryAfterMs);
        }
        return headers;
    }
}
