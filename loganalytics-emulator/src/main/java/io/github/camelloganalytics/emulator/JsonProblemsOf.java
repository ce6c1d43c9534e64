package io.github.camelloganalytics.emulator;

import com.fasterxml.jackson.databind.JsonNode;

/** Names the kind of a JSON value for messages: "text", "number", "boolean", "object", "array". */
final class JsonProblemsOf {

    private JsonProblemsOf() {
    }

    static String kind(JsonNode value) {
        if (value.isTextual()) {
            return "text";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        return value.isObject() ? "object" : value.isArray() ? "array" : "null";
    }
}
