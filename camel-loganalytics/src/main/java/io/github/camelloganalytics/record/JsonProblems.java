package io.github.camelloganalytics.record;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Says what is wrong with a body's JSON in plain words and where, without quoting it: records may hold personal data.
 */
final class JsonProblems {

    private JsonProblems() {
    }

    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "array";
            case BOOLEAN -> "boolean";
            case NUMBER -> "number";
            case STRING -> "string";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    /** What is wrong and where, in words, with quoted content masked: records may hold personal data. */
    static String describe(IOException e) {
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        StringBuilder sb = new StringBuilder(plainReason(message));
        if (e instanceof JsonProcessingException jpe && jpe.getLocation() != null
                && jpe.getLocation() != JsonLocation.NA) {
            sb.append(" (line ").append(jpe.getLocation().getLineNr())
                    .append(", column ").append(jpe.getLocation().getColumnNr()).append(')');
        }
        return sb.toString();
    }

    /** Jackson's reason in plain words where it is a common one; else its first clause, masked. */
    private static String plainReason(String message) {
        if (message == null) {
            return "unknown error";
        }
        if (message.startsWith("Unrecognized token")) {
            return "a word where a JSON value should be";
        }
        if (message.startsWith("Unexpected character")) {
            return "an unexpected character";
        }
        if (message.startsWith("Unexpected end-of-input")) {
            return "it ends before the JSON value is complete";
        }
        if (message.startsWith("Duplicate field")) {
            return "an object holds the same property twice";
        }
        if (message.startsWith("Non-standard token")) {
            return "NaN or Infinity, which JSON does not allow";
        }
        if (message.startsWith("Trailing token")) {
            return "more text after the JSON value";
        }
        if (message.startsWith("Invalid UTF-8")) {
            return "bytes that are not UTF-8";
        }
        if (message.contains("nesting depth")) {
            return "JSON nested deeper than the nesting depth allowed (1000)";
        }
        String clause = sanitize(message);
        int cut = clause.indexOf(": was expecting");
        return cut > 0 ? clause.substring(0, cut) : clause;
    }

    static String sanitize(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        String firstLine = newline >= 0 ? message.substring(0, newline) : message;
        return firstLine.replaceAll("'[^']*'", "'…'").replaceAll("\"[^\"]*\"", "\"…\"");
    }
}
