package io.github.camelloganalytics.emulator;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A response to send: status, headers, body.
 *
 * @param status  HTTP status
 * @param headers extra headers
 * @param body    body bytes, possibly empty
 */
record EmulatorResponse(int status, Map<String, String> headers, byte[] body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static EmulatorResponse empty(int status) {
        return new EmulatorResponse(status, Map.of(), new byte[0]);
    }

    /** The Data Collector API's error shape: {@code {"Error": code, "Message": message}}. */
    static EmulatorResponse dataCollectorError(int status, String code, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("Error", code);
        body.put("Message", message);
        return json(status, body);
    }

    static EmulatorResponse json(int status, Object value) {
        try {
            return new EmulatorResponse(status, Map.of("Content-Type", "application/json"), JSON.writeValueAsBytes(value));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static EmulatorResponse text(int status, String text) {
        return new EmulatorResponse(status, Map.of("Content-Type", "text/plain; charset=utf-8"),
                text.getBytes(StandardCharsets.UTF_8));
    }
}
