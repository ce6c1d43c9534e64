package io.github.camelloganalytics;

import java.util.Set;

/**
 * The ingestion API an endpoint speaks, with everything that differs between the two in one place: where requests go
 * is the transport's business, the limits and defaults are here.
 */
public enum LogAnalyticsApi {
    /** The HTTP Data Collector API (2016-04-01), signed with the workspace shared key. */
    dataCollector(30 * 1000 * 1000, 10 * 1024 * 1024, 200, 32 * 1024, CredentialType.sharedKey,
                  Set.of("tenant", "TimeGenerated", "RawData")),
    /** The DCR-based Logs Ingestion API (2023-01-01), authenticated with a Microsoft Entra ID token. */
    logsIngestion(1024 * 1024, 1024 * 1024, 204, 64 * 1024, CredentialType.azureIdentity, Set.of());

    private final int maxRequestBytes;
    private final int defaultBatchMaxBytes;
    private final int successStatus;
    private final int fieldLimitBytes;
    private final CredentialType defaultCredentialType;
    private final Set<String> reservedProperties;

    LogAnalyticsApi(int maxRequestBytes, int defaultBatchMaxBytes, int successStatus, int fieldLimitBytes,
                    CredentialType defaultCredentialType, Set<String> reservedProperties) {
        this.maxRequestBytes = maxRequestBytes;
        this.defaultBatchMaxBytes = defaultBatchMaxBytes;
        this.successStatus = successStatus;
        this.fieldLimitBytes = fieldLimitBytes;
        this.defaultCredentialType = defaultCredentialType;
        this.reservedProperties = reservedProperties;
    }

    /**
     * Largest request body the service accepts: 30,000,000 bytes for the Data Collector API (it answers 404 above
     * it), 1 MiB for the Logs Ingestion API (413). Logs Ingestion batches are cut at this size before compression,
     * which keeps the compressed body under it too.
     */
    public int maxRequestBytes() {
        return maxRequestBytes;
    }

    /** Batch byte cap when none is configured: a third of the Data Collector cap keeps requests quick to retry. */
    public int defaultBatchMaxBytes() {
        return defaultBatchMaxBytes;
    }

    /** The service's own answer to an accepted request; any other status is a failed attempt. */
    public int successStatus() {
        return successStatus;
    }

    /** Longest field value the service stores whole; longer values are truncated by the service. */
    public int fieldLimitBytes() {
        return fieldLimitBytes;
    }

    /** Credential type when none is configured. */
    public CredentialType defaultCredentialType() {
        return defaultCredentialType;
    }

    /** Property names the service refuses in a record. */
    public Set<String> reservedProperties() {
        return reservedProperties;
    }

    /** The API's name for people: "the Data Collector API". */
    public String displayName() {
        return this == dataCollector ? "the Data Collector API" : "the Logs Ingestion API";
    }
}
