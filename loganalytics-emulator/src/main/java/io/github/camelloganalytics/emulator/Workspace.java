package io.github.camelloganalytics.emulator;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A Log Analytics workspace: its id, the keys that may sign for it, and its tables.
 */
public final class Workspace {

    private final String id;
    private final List<byte[]> keys = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Table> tables = new ConcurrentSkipListMap<>(String.CASE_INSENSITIVE_ORDER);

    Workspace(String id, List<String> base64Keys) {
        this.id = id;
        for (String key : base64Keys) {
            keys.add(Base64.getDecoder().decode(key.strip()));
        }
    }

    public String id() {
        return id;
    }

    List<byte[]> keys() {
        return keys;
    }

    /** The table, or null if nothing was ever stored in it. Table names are case-insensitive, as in the service. */
    public Table table(String name) {
        return tables.get(name);
    }

    /** The tables that hold or held rows, by name. */
    public Map<String, Table> tables() {
        return Map.copyOf(tables);
    }

    /** Replaces the keys that may sign for this workspace, as regenerating a key in Azure does. */
    public void replaceKeys(String... base64Keys) {
        List<byte[]> fresh = new ArrayList<>();
        for (String key : base64Keys) {
            fresh.add(Base64.getDecoder().decode(key.strip()));
        }
        keys.clear();
        keys.addAll(fresh);
    }

    /** Drops every table. */
    public void clear() {
        tables.clear();
    }

    Table tableForWriting(String name) {
        return tables.computeIfAbsent(name, Table::new);
    }

    static Map<String, Workspace> newRegistry() {
        return new ConcurrentHashMap<>();
    }
}
