package io.github.camelloganalytics.record;

import java.util.Set;

/**
 * What the target API accepts in a record: property names it reserves, the largest record that fits a request,
 * and the field value length above which the service truncates.
 *
 * @param reservedProperties property names the service refuses
 * @param maxRecordBytes     largest serialized record
 * @param fieldLimitBytes    longest field value the service stores whole
 */
public record RecordRules(Set<String> reservedProperties, int maxRecordBytes, int fieldLimitBytes) {

    /** Reserved by the Data Collector API: a request holding one of them is refused. */
    public static final Set<String> DATA_COLLECTOR_RESERVED = Set.of("tenant", "TimeGenerated", "RawData");

    /** Data Collector API field value limit (32 KB). */
    public static final int DATA_COLLECTOR_FIELD_LIMIT = 32 * 1024;

    /** Logs Ingestion API field value limit (64 KB). */
    public static final int LOGS_INGESTION_FIELD_LIMIT = 64 * 1024;
}
