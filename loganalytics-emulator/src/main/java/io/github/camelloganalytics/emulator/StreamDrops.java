package io.github.camelloganalytics.emulator;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the Logs Ingestion API dropped from one stream without an error, as the service does: columns a record carried
 * that the stream does not declare, values that did not convert to their column's type, TimeGenerated values outside
 * the window the service keeps (replaced by the time of receipt), and field values cut at 64 KB. The service answers
 * 204 all the same; the emulator counts each case so that a test can see a record that does not match its rule.
 *
 * @param droppedColumns       undeclared column to the number of records that carried it
 * @param unconvertedValues    declared column to the number of values that did not convert (the cell stays empty)
 * @param timeGeneratedReplaced TimeGenerated values more than 2 days old, more than 1 day ahead or not a date, replaced
 *                             by the time of receipt
 * @param truncatedValues      string values longer than 64 KB, cut
 */
public record StreamDrops(Map<String, Long> droppedColumns, Map<String, Long> unconvertedValues,
        long timeGeneratedReplaced, long truncatedValues) {

    /** Whether nothing was dropped. */
    public boolean isEmpty() {
        return droppedColumns.isEmpty() && unconvertedValues.isEmpty() && timeGeneratedReplaced == 0
               && truncatedValues == 0;
    }

    /** The running count of one stream; thread-safe. */
    static final class Counter {
        private final Map<String, Long> droppedColumns = new TreeMap<>();
        private final Map<String, Long> unconvertedValues = new TreeMap<>();
        private long timeGeneratedReplaced;
        private long truncatedValues;

        /** @return true the first time this column is dropped, so that the first drop of each is logged */
        synchronized boolean droppedColumn(String column) {
            return droppedColumns.merge(column, 1L, Long::sum) == 1L;
        }

        /** @return true the first time a value of this column does not convert */
        synchronized boolean unconverted(String column) {
            return unconvertedValues.merge(column, 1L, Long::sum) == 1L;
        }

        /** @return true for the first replaced TimeGenerated */
        synchronized boolean timeGeneratedReplaced() {
            return ++timeGeneratedReplaced == 1;
        }

        synchronized void truncated() {
            truncatedValues++;
        }

        synchronized StreamDrops snapshot() {
            return new StreamDrops(Map.copyOf(droppedColumns), Map.copyOf(unconvertedValues), timeGeneratedReplaced,
                    truncatedValues);
        }

        synchronized void clear() {
            droppedColumns.clear();
            unconvertedValues.clear();
            timeGeneratedReplaced = 0;
            truncatedValues = 0;
        }
    }
}
