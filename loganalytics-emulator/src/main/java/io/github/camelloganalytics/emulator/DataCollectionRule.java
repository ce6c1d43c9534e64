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

    private final String id;
    private final String workspaceId;
    private final Map<String, Map<String, String>> streams = new LinkedHashMap<>();

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

    void addStream(String name, Map<String, String> columns) {
        for (Map.Entry<String, String> column : columns.entrySet()) {
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
