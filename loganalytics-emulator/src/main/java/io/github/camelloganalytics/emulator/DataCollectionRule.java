package io.github.camelloganalytics.emulator;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A data collection rule as the Logs Ingestion API sees it: its immutable id and its streams, each with declared
 * columns and the table it writes to.
 */
public final class DataCollectionRule {

    /** Column types a stream may declare. */
    public static final Set<String> COLUMN_TYPES = Set.of("string", "int", "long", "real", "boolean", "datetime",
            "dynamic", "guid");

    /** Column names a custom table may not have. */
    public static final Set<String> RESERVED_COLUMNS = Set.of("_ResourceId", "id", "_SubscriptionId", "TenantId",
            "Type", "UniqueId", "Title");

    /** Column names of at most 45 characters, starting with a letter. */
    private static final java.util.regex.Pattern COLUMN_NAME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,44}");

    private final String id;
    private final String workspaceId;
    private final Map<String, Map<String, String>> streams = new LinkedHashMap<>();
    private final Map<String, StreamDrops.Counter> drops = new java.util.concurrent.ConcurrentHashMap<>();

    DataCollectionRule(String id, String workspaceId) {
        this.id = id;
        this.workspaceId = workspaceId;
    }

    public String id() {
        return id;
    }

    /** The workspace the rule's tables live in. */
    public String workspaceId() {
        return workspaceId;
    }

    /** Declared columns of a stream (name to type), or null for an unknown stream. */
    public Map<String, String> stream(String name) {
        return streams.get(name);
    }

    /** What the stream dropped without an error so far. */
    public StreamDrops drops(String stream) {
        StreamDrops.Counter counter = drops.get(stream);
        return counter == null ? new StreamDrops(Map.of(), Map.of(), 0, 0) : counter.snapshot();
    }

    /** The streams the rule declares. */
    public Set<String> streams() {
        return streams.keySet();
    }

    StreamDrops.Counter dropsOf(String stream) {
        return drops.computeIfAbsent(stream, s -> new StreamDrops.Counter());
    }

    void clearDrops() {
        drops.values().forEach(StreamDrops.Counter::clear);
    }

    /**
     * Adds a stream, refusing what the service refuses in a custom table's columns: unknown types, names longer than
     * 45 characters or not starting with a letter, and reserved names.
     */
    void addStream(String name, Map<String, String> columns) {
        for (Map.Entry<String, String> column : columns.entrySet()) {
            if (!COLUMN_NAME.matcher(column.getKey()).matches()) {
                throw new IllegalArgumentException("column '" + column.getKey() + "' of stream " + name + " must start"
                                                   + " with a letter and hold at most 45 letters, digits or underscores");
            }
            if (RESERVED_COLUMNS.stream().anyMatch(r -> r.equalsIgnoreCase(column.getKey()))) {
                throw new IllegalArgumentException("column '" + column.getKey() + "' of stream " + name + " has a"
                                                   + " reserved name; reserved: " + RESERVED_COLUMNS);
            }
            if (!COLUMN_TYPES.contains(column.getValue().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("column " + column.getKey() + " of stream " + name + " has type "
                                                   + column.getValue() + "; expected one of " + COLUMN_TYPES);
            }
        }
        Map<String, String> normalized = new LinkedHashMap<>();
        columns.forEach((k, v) -> normalized.put(k, v.toLowerCase(Locale.ROOT)));
        streams.put(name, normalized);
    }

    /** The table a stream writes to: {@code Custom-Orders_CL} and {@code Custom-Orders} both write to {@code Orders_CL}. */
    static String tableOf(String stream) {
        if (stream.startsWith("Custom-")) {
            String name = stream.substring("Custom-".length());
            return name.endsWith("_CL") ? name : name + "_CL";
        }
        return stream.startsWith("Microsoft-") ? stream.substring("Microsoft-".length()) : stream;
    }
}
