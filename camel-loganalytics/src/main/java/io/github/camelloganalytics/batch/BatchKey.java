package io.github.camelloganalytics.batch;

import java.util.Objects;

/**
 * What records must share to travel in one request: the service takes one record type, one time field and one
 * resource id per request.
 *
 * @param logType            the record type
 * @param timeGeneratedField property that becomes TimeGenerated, or null
 * @param resourceId         Azure resource id, or null
 */
public record BatchKey(String logType, String timeGeneratedField, String resourceId) {

    // written out: a batch is looked up by its key for every record, and most lookups find the very same instance
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof BatchKey that && Objects.equals(logType, that.logType)
                                && Objects.equals(timeGeneratedField, that.timeGeneratedField)
                                && Objects.equals(resourceId, that.resourceId);
    }

    @Override
    public int hashCode() {
        return (Objects.hashCode(logType) * 31 + Objects.hashCode(timeGeneratedField)) * 31 + Objects.hashCode(resourceId);
    }
}
