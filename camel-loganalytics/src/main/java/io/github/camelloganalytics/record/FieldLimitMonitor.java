package io.github.camelloganalytics.record;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts field values longer than the service stores whole, and warns once per record type. The service truncates
 * such values silently, so this is the only signal a user gets.
 */
public final class FieldLimitMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(FieldLimitMonitor.class);

    private final int limitBytes;
    private final LongAdder oversizedFields = new LongAdder();
    private final Set<String> warnedTypes = ConcurrentHashMap.newKeySet();

    public FieldLimitMonitor(int limitBytes) {
        this.limitBytes = limitBytes;
    }

    /** Records that a field of the given record type exceeds the limit; the property name is logged, never the value. */
    void oversized(String logType, String property, int bytes) {
        oversizedFields.increment();
        if (warnedTypes.add(logType)) {
            LOG.warn("Record type {} has a value of {} bytes in field '{}': the service truncates field values over {} bytes."
                     + " Further oversized fields of this type are counted, not logged.",
                    logType, bytes, property, limitBytes);
        }
    }

    /** Oversized field values seen since start. */
    public long oversizedFields() {
        return oversizedFields.sum();
    }
}
