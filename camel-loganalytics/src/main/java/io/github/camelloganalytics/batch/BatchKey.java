package io.github.camelloganalytics.batch;

/**
 * What records must share to travel in one request: the service takes one record type, one time field and one
 * resource id per request.
 *
 * @param logType            the record type
 * @param timeGeneratedField property that becomes TimeGenerated, or null
 * @param resourceId         Azure resource id, or null
 */
public record BatchKey(String logType, String timeGeneratedField, String resourceId) {
}
