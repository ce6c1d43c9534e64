package io.github.camelloganalytics.delivery;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What an error response says: the service's error code and message, from either API's error shape
 * ({@code {"Error": "...", "Message": "..."}} or {@code {"error": {"code": "...", "message": "..."}}}), and how long it
 * asked the client to wait.
 *
 * @param errorCode        service error code, or null
 * @param message          service message, or null
 * @param retryAfterMillis requested wait, or -1
 */
public record ServiceReply(String errorCode, String message, long retryAfterMillis) {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_MESSAGE = 500;

    /** Reads an error response. */
    public static ServiceReply of(HttpHeaders headers, byte[] body, Clock clock) {
        String code = null;
        String message = null;
        if (body != null && body.length > 0) {
            try {
                JsonNode json = MAPPER.readTree(body);
                JsonNode error = field(json, "error");
                if (error != null && error.isObject()) {
                    code = text(field(error, "code"));
                    message = text(field(error, "message"));
                } else if (json != null && json.isObject()) {
                    code = text(error);
                    message = text(field(json, "message"));
                }
            } catch (Exception e) {
                message = new String(body, StandardCharsets.UTF_8).strip();
            }
        }
        if (code == null) {
            code = headers.firstValue("x-ms-error-code").orElse(null);
        }
        if (message != null && message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "…";
        }
        return new ServiceReply(code, message == null || message.isEmpty() ? null : message,
                retryAfterMillis(headers, clock));
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
        return node == null || node.isNull() ? null : node.isValueNode() ? node.asText() : node.toString();
    }
}
