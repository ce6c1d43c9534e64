package io.github.camelloganalytics;

import java.util.regex.Pattern;

import io.github.camelloganalytics.batch.BatchKey;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Where an exchange's records go: the endpoint's record type, time field and resource id, each overridden by the
 * exchange's header when set. The same rules check the endpoint's options at start.
 */
final class RecordTargets {

    static final Pattern LOG_TYPE = Pattern.compile("[A-Za-z0-9_]{1,100}");
    static final Pattern PROPERTY_NAME = Pattern.compile("[A-Za-z0-9_]{1,500}");
    static final Pattern RESOURCE_ID = Pattern.compile("/[\\x20-\\x7E]{1,4095}");

    private final LogAnalyticsConfiguration configuration;
    /** The key of an exchange that overrides nothing, checked once; null if the endpoint's own values are invalid. */
    private final BatchKey configured;

    RecordTargets(LogAnalyticsConfiguration configuration) {
        this.configuration = configuration;
        String logType = configuration.getLogType();
        String timeField = configuration.getTimeGeneratedField();
        String resourceId = configuration.getResourceId();
        boolean valid = logTypeProblem(logType) == null
                        && (timeField == null || PROPERTY_NAME.matcher(timeField).matches())
                        && (resourceId == null || RESOURCE_ID.matcher(resourceId).matches());
        this.configured = valid ? new BatchKey(logType, timeField, resourceId) : null;
    }

    /** The batch this exchange's records join. */
    BatchKey keyOf(Exchange exchange) throws InvalidRecordException {
        Message message = exchange.getMessage();
        String logType = header(message, LogAnalyticsConstants.LOG_TYPE, configuration.getLogType());
        String timeField = header(message, LogAnalyticsConstants.TIME_GENERATED_FIELD,
                configuration.getTimeGeneratedField());
        String resourceId = header(message, LogAnalyticsConstants.RESOURCE_ID, configuration.getResourceId());
        BatchKey key = configured;
        if (key != null && logType == key.logType() && timeField == key.timeGeneratedField()
            && resourceId == key.resourceId()) {
            // the endpoint's own values, checked once: most exchanges set no header, and batches find their key faster
            return key;
        }
        String problem = logTypeProblem(logType);
        if (problem != null) {
            throw new InvalidRecordException("Cannot send to Log Analytics: the " + LogAnalyticsConstants.LOG_TYPE
                                             + " header " + problem, exchange);
        }
        if (timeField != null && !PROPERTY_NAME.matcher(timeField).matches()) {
            throw new InvalidRecordException("Cannot send to Log Analytics: the timeGeneratedField '"
                                             + printable(timeField) + "' is not a valid property name", exchange);
        }
        if (resourceId != null && !RESOURCE_ID.matcher(resourceId).matches()) {
            throw new InvalidRecordException("Cannot send to Log Analytics: the resourceId '" + printable(resourceId)
                                             + "' is not an Azure resource id (/subscriptions/...)", exchange);
        }
        return new BatchKey(logType, timeField, resourceId);
    }

    /** Why a record type is refused, or null if it is fine. */
    static String logTypeProblem(String logType) {
        if (logType == null || !LOG_TYPE.matcher(logType).matches()) {
            return "'" + printable(logType) + "' must be 1 to 100 letters, digits or underscores";
        }
        if (logType.length() > 3 && logType.regionMatches(true, logType.length() - 3, "_CL", 0, 3)) {
            // the service appends _CL itself: AppEvents_CL would land in the table AppEvents_CL_CL
            return "'" + logType + "' ends in _CL, which the service appends itself (the table would be " + logType
                   + "_CL): use '" + logType.substring(0, logType.length() - 3) + "'";
        }
        return null;
    }

    private static String header(Message message, String name, String fallback) {
        String value = message.getHeader(name, String.class);
        return value != null && !value.isEmpty() ? value : fallback;
    }

    static String printable(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > 120 ? value.substring(0, 120) + "…" : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
