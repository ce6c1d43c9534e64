package io.github.camelloganalytics;

/**
 * The ingestion API an endpoint speaks.
 */
public enum LogAnalyticsApi {
    /** The HTTP Data Collector API (2016-04-01), signed with the workspace shared key. */
    dataCollector,
    /** The DCR-based Logs Ingestion API (2023-01-01), authenticated with a Microsoft Entra ID token. */
    logsIngestion
}
