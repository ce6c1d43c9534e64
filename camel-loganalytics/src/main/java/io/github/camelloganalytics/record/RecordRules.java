package io.github.camelloganalytics.record;

import java.util.Set;

/**
 * What the target API accepts in a record: property names it reserves, the largest record that fits a request,
 * and the field value length above which the service truncates.
 *
 * @param reservedProperties property names the service refuses
 * @param maxRecordBytes     largest serialized record
 * @param fieldLimitBytes    longest field value the service stores whole
 * @param timeGeneratedInRecord whether a record's time field is copied into its TimeGenerated property (Logs
 *                           Ingestion), rather than named in a header (the Data Collector API)
 */
public record RecordRules(Set<String> reservedProperties, int maxRecordBytes, int fieldLimitBytes,
        boolean timeGeneratedInRecord) {
}
