package io.github.camelloganalytics.delivery;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelloganalytics.transport.ServiceResponse;

/**
 * What an error response says: the service's error code and message from either API's error shape
 * ({@code {"Error": "...", "Message": "..."}} or {@code {"error": {"code": "...", "message": "..."}}}), and how long it
 * asked the client to wait. A body in any other shape is described by its type and size, never quoted: it may come
 * from anything between the client and the service.
 *
 * @param errorCode        service error code, or null
 * @param message          service message, or null
 * @param retryAfterMillis requested wait, or -1
 */
record ServiceReply(String errorCode, String message, long retryAfterMillis) {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_TEXT = 300;

    static ServiceReply of(ServiceResponse response, Clock clock) {
        String code = null;
        String message = null;
        if (response.hasBody() && !response.truncated()) {
            try {
                JsonNode json = MAPPER.readTree(response.body());
                JsonNode error = field(json, "error");
                if (error != null && error.isObject()) {
                    code = text(field(error, "code"));
                    message = text(field(error, "message"));
                } else if (json != null && json.isObject()) {
                    code = text(error);
                    message = text(field(json, "message"));
                }
            } catch (Exception e) {
                // not the service's JSON: described by the caller from its type and size
            }
        }
        if (code == null) {
            code = response.headers().firstValue("x-ms-error-code").orElse(null);
        }
        return new ServiceReply(printable(code), printable(message), retryAfterMillis(response.headers(), clock));
    }

    /**
     * The wait the service asked for: {@code retry-after-ms} or {@code x-ms-retry-after-ms} in milliseconds, else
     * {@code Retry-After} in seconds or as an HTTP date; -1 if none is usable.
     */
    static long retryAfterMillis(HttpHeaders headers, Clock clock) {
        for (String name : new String[] { "retry-after-ms", "x-ms-retry-after-ms" }) {
            Optional<String> value = headers.firstValue(name);
            if (value.isPresent()) {
                try {
                    return Math.max(0, Long.parseLong(value.get().strip()));
                } catch (NumberFormatException e) {
                    // try the next header
                }
            }
        }
        Optional<String> retryAfter = headers.firstValue("Retry-After");
        if (retryAfter.isPresent()) {
            String value = retryAfter.get().strip();
            try {
                return Math.max(0, Long.parseLong(value) * 1000);
            } catch (NumberFormatException e) {
                try {
                    ZonedDateTime when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                    return Math.max(0, Duration.between(clock.instant(), when.toInstant()).toMillis());
                } catch (RuntimeException notADate) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** Service text made safe for a log line: printable characters only, and not too long. */
    static String printable(String text) {
        if (text == null) {
            return null;
        }
        String clean = text.replaceAll("[\\p{Cntrl}\\p{Cf}]+", " ").strip();
        if (clean.isEmpty()) {
            return null;
        }
        return clean.length() > MAX_TEXT ? clean.substring(0, MAX_TEXT) + "…" : clean;
    }

    private static JsonNode field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (var it = node.fieldNames(); it.hasNext();) {
            String candidate = it.next();
            if (candidate.equalsIgnoreCase(name)) {
                return node.get(candidate);
            }
        }
        return null;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.isValueNode() ? node.asText() : null;
    }
}
