package io.github.camelloganalytics.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How the Data Collector API turns JSON records into typed columns, as documented: the type of each value picks a
 * suffixed column; values of an existing property go to an existing column when they convert to its type, otherwise
 * a new suffixed column is created; GUIDs are normalized, nulls dropped, long strings truncated, and TimeGenerated is
 * taken from the {@code time-generated-field} property when it lies in the accepted window.
 */
final class DataCollectorSchema {

    static final int FIELD_LIMIT_BYTES = 32 * 1024;
    static final Duration TIME_GENERATED_PAST = Duration.ofDays(2);
    static final Duration TIME_GENERATED_FUTURE = Duration.ofDays(1);

    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");
    private static final Pattern ISO_DATE_TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})?");

    private DataCollectorSchema() {
    }

    /** Stores the records in the table, creating columns as the service would. */
    static void store(Table table, List<JsonNode> records, String resourceId, String timeGeneratedField,
                      Instant receivedAt) {
        List<Map<String, Object>> rows = new ArrayList<>(records.size());
        synchronized (table) {
            table.addColumn("TimeGenerated", ColumnType.DATETIME.typeName());
            for (JsonNode record : records) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("TimeGenerated", timeGenerated(record, timeGeneratedField, receivedAt).toString());
                for (Map.Entry<String, JsonNode> field : record.properties()) {
                    JsonNode value = field.getValue();
                    if (value == null || value.isNull()) {
                        continue;
                    }
                    Typed typed = resolve(table, field.getKey(), value);
                    table.addColumn(typed.column(), typed.type().typeName());
                    row.put(typed.column(), typed.value());
                }
                if (resourceId != null) {
                    table.addColumn("_ResourceId", ColumnType.STRING.typeName());
                    row.put("_ResourceId", resourceId);
                }
                table.addColumn("Type", ColumnType.STRING.typeName());
                row.put("Type", table.name());
                rows.add(row);
            }
            table.addRows(rows);
        }
    }

    private record Typed(String column, ColumnType type, Object value) {
    }

    /** The column a value goes to: its own type's column, else an existing column it converts to, else a new one. */
    private static Typed resolve(Table table, String property, JsonNode value) {
        Typed natural = natural(property, value);
        if (table.hasColumn(natural.column()) || !value.isTextual()) {
            return natural;
        }
        // a string can land in an existing column of another type when it converts to that type
        String text = value.textValue();
        for (String column : table.columnsOf(property)) {
            String type = table.columnType(column);
            if (ColumnType.REAL.typeName().equals(type)) {
                Double number = parseNumber(text);
                if (number != null) {
                    return new Typed(column, ColumnType.REAL, number);
                }
            } else if (ColumnType.BOOL.typeName().equals(type)) {
                if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
                    return new Typed(column, ColumnType.BOOL, Boolean.parseBoolean(text.toLowerCase(Locale.ROOT)));
                }
            } else if (ColumnType.STRING.typeName().equals(type)) {
                return new Typed(column, ColumnType.STRING, truncate(text));
            }
        }
        return natural;
    }

    private static Typed natural(String property, JsonNode value) {
        if (value.isBoolean()) {
            return new Typed(property + ColumnType.BOOL.suffix(), ColumnType.BOOL, value.booleanValue());
        }
        if (value.isNumber()) {
            return new Typed(property + ColumnType.REAL.suffix(), ColumnType.REAL, value.doubleValue());
        }
        if (value.isTextual()) {
            String text = value.textValue();
            if (GUID.matcher(text).matches()) {
                return new Typed(property + ColumnType.GUID.suffix(), ColumnType.GUID, normalizeGuid(text));
            }
            Instant instant = parseDateTime(text);
            if (instant != null) {
                return new Typed(property + ColumnType.DATETIME.suffix(), ColumnType.DATETIME, instant.toString());
            }
            return new Typed(property + ColumnType.STRING.suffix(), ColumnType.STRING, truncate(text));
        }
        // objects and arrays are kept as their JSON text
        return new Typed(property + ColumnType.STRING.suffix(), ColumnType.STRING, truncate(value.toString()));
    }

    private static Instant timeGenerated(JsonNode record, String field, Instant receivedAt) {
        if (field == null) {
            return receivedAt;
        }
        JsonNode value = record.get(field);
        Instant instant = value != null && value.isTextual() ? parseDateTime(value.textValue()) : null;
        if (instant == null || instant.isBefore(receivedAt.minus(TIME_GENERATED_PAST))
                || instant.isAfter(receivedAt.plus(TIME_GENERATED_FUTURE))) {
            return receivedAt;
        }
        return instant;
    }

    static Instant parseDateTime(String text) {
        if (!ISO_DATE_TIME.matcher(text).matches()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                return null;
            }
        }
    }

    private static Double parseNumber(String text) {
        try {
            double d = Double.parseDouble(text.strip());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String normalizeGuid(String text) {
        String hex = text.replace("-", "").toLowerCase(Locale.ROOT);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
               + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    /** The service keeps the first 32 KB of a field value. */
    static String truncate(String text) {
        return truncate(text, FIELD_LIMIT_BYTES);
    }

    static String truncate(String text, int limit) {
        if ((long) text.length() * 3 <= limit) {
            return text;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= limit) {
            return text;
        }
        int end = limit;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // do not cut a character in two
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
