package io.github.camelloganalytics;

import org.apache.camel.spi.Metadata;

/**
 * Message headers read and written by the Log Analytics producer.
 */
public final class LogAnalyticsConstants {

    private static final String PREFIX = "CamelLogAnalytics";

    @Metadata(label = "producer",
              description = "Record type of this exchange's records, overriding the endpoint's logType: it picks the"
                            + " stream Custom-{logType}_CL for logsIngestion (unless streamName is set) and the table"
                            + " {logType}_CL for dataCollector. Letters, digits and underscores, at most 100 characters.",
              javaType = "String")
    public static final String LOG_TYPE = PREFIX + "LogType";

    @Metadata(label = "producer",
              description = "Record property whose value becomes TimeGenerated, on both APIs, overriding the endpoint's"
                            + " timeGeneratedField.",
              javaType = "String")
    public static final String TIME_GENERATED_FIELD = PREFIX + "TimeGeneratedField";

    @Metadata(label = "producer",
              description = "dataCollector: Azure resource id to associate with this exchange's records"
                            + " (x-ms-AzureResourceId), overriding the endpoint's resourceId.",
              javaType = "String")
    public static final String RESOURCE_ID = PREFIX + "ResourceId";

    @Metadata(label = "producer",
              description = "Out: number of records taken from this exchange. Also set on dead letter exchanges:"
                            + " the number of records in their body.",
              javaType = "int")
    public static final String RECORD_COUNT = PREFIX + "RecordCount";

    @Metadata(label = "producer",
              description = "Out: HTTP status code of the request that delivered this exchange's last records"
                            + " (acknowledged mode). On dead letter exchanges: the status of the failed request,"
                            + " absent when no response was received.",
              javaType = "int")
    public static final String STATUS_CODE = PREFIX + "StatusCode";

    @Metadata(label = "producer",
              description = "Dead letter exchanges: the service's error code (for example InvalidLogType), when it"
                            + " sent one.",
              javaType = "String")
    public static final String ERROR_CODE = PREFIX + "ErrorCode";

    @Metadata(label = "producer",
              description = "Dead letter exchanges: why the records were not delivered.",
              javaType = "String")
    public static final String ERROR_MESSAGE = PREFIX + "ErrorMessage";

    @Metadata(label = "producer",
              description = "Dead letter exchanges: how many requests were made for these records.",
              javaType = "int")
    public static final String ATTEMPTS = PREFIX + "Attempts";

    @Metadata(label = "producer",
              description = "Dead letter exchanges: the record type the records were sent as. A dead letter endpoint"
                            + " that is itself a loganalytics endpoint writes to its own table; to send the records"
                            + " to their original table again, copy this header to CamelLogAnalyticsLogType.",
              javaType = "String")
    public static final String ORIGINAL_LOG_TYPE = PREFIX + "OriginalLogType";

    @Metadata(label = "producer",
              description = "Dead letter exchanges: the time field the records were sent with, when they had one;"
                            + " copy it to CamelLogAnalyticsTimeGeneratedField to send them again as they were.",
              javaType = "String")
    public static final String ORIGINAL_TIME_GENERATED_FIELD = PREFIX + "OriginalTimeGeneratedField";

    @Metadata(label = "producer",
              description = "Dead letter exchanges: the resource id the records were sent with, when they had one;"
                            + " copy it to CamelLogAnalyticsResourceId to send them again as they were.",
              javaType = "String")
    public static final String ORIGINAL_RESOURCE_ID = PREFIX + "OriginalResourceId";

    private LogAnalyticsConstants() {
    }
}
