package io.github.camelloganalytics.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows of one table and its columns, in the order they were created. Thread-safe.
 */
public final class Table {

    private final String name;
    private final Map<String, String> columns = new LinkedHashMap<>();
    private final List<Map<String, Object>> rows = new ArrayList<>();

    Table(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Column names and their type names, in creation order. */
    public synchronized Map<String, String> columns() {
        return new LinkedHashMap<>(columns);
    }

    /** A copy of the rows, oldest first; each row holds only the columns it has a value for. */
    public synchronized List<Map<String, Object>> rows() {
        List<Map<String, Object>> copy = new ArrayList<>(rows.size());
        rows.forEach(r -> copy.add(new LinkedHashMap<>(r)));
        return copy;
    }

    public synchronized int rowCount() {
        return rows.size();
    }

    public synchronized void clear() {
        rows.clear();
        columns.clear();
    }

    synchronized boolean hasColumn(String column) {
        return columns.containsKey(column);
    }

    synchronized String columnType(String column) {
        return columns.get(column);
    }

    /** Names of the existing columns of a property, oldest first. */
    synchronized List<String> columnsOf(String property) {
        List<String> found = new ArrayList<>();
        for (String column : columns.keySet()) {
            for (ColumnType type : ColumnType.values()) {
                if (column.equals(property + type.suffix())) {
                    found.add(column);
                }
            }
        }
        return found;
    }

    synchronized void addColumn(String column, String typeName) {
        columns.putIfAbsent(column, typeName);
    }

    synchronized void addRows(List<Map<String, Object>> newRows) {
        rows.addAll(newRows);
    }
}
