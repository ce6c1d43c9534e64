package io.github.camelloganalytics.api;

import java.util.Set;

/**
 * The ingestion API an endpoint speaks, with everything that differs between the two in one place: limits, defaults,
 * the service's own answer to an accepted request, which options select it, and what its refusals mean. Where requests
 * go and how they are signed is the transport's business.
 */
public enum LogAnalyticsApi {
    /** The HTTP Data Collector API (2016-04-01), signed with the workspace shared key; retired by Microsoft. */
    dataCollector(30 * 1000 * 1000, 10 * 1024 * 1024, 200, 32 * 1024, Set.of("tenant", "TimeGenerated", "RawData"),
                  "the Data Collector API", "workspaceId, sharedKey, sharedKeyFile, secondarySharedKey"),
    /** The DCR-based Logs Ingestion API (2023-01-01), authenticated with a Microsoft Entra ID token. */
    logsIngestion(1024 * 1024, 1024 * 1024, 204, 64 * 1024, Set.of(), "the Logs Ingestion API",
                  "ruleId, streamName, accessToken, tokenCredential, clientSecret, clientCertificatePath");

    private final int maxRequestBytes;
    private final int defaultBatchMaxBytes;
    private final int successStatus;
    private final int fieldLimitBytes;
    private final Set<String> reservedProperties;
    private final String displayName;
    private final String selectingOptions;

    LogAnalyticsApi(int maxRequestBytes, int defaultBatchMaxBytes, int successStatus, int fieldLimitBytes,
                    Set<String> reservedProperties, String displayName, String selectingOptions) {
        this.maxRequestBytes = maxRequestBytes;
        this.defaultBatchMaxBytes = defaultBatchMaxBytes;
        this.successStatus = successStatus;
        this.fieldLimitBytes = fieldLimitBytes;
        this.reservedProperties = reservedProperties;
        this.displayName = displayName;
        this.selectingOptions = selectingOptions;
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

    /** Credential type when none is configured and none follows from the options set. */
    public CredentialType defaultCredentialType() {
        return this == dataCollector ? CredentialType.SHARED_KEY : CredentialType.AZURE_IDENTITY;
    }

    /** Property names the service refuses in a record. */
    public Set<String> reservedProperties() {
        return reservedProperties;
    }

    /**
     * Whether records carry their time in a {@code TimeGenerated} property: Logs Ingestion reads the column from the
     * record, the Data Collector API from a header naming the record's time field.
     */
    public boolean timeGeneratedInRecord() {
        return this == logsIngestion;
    }

    /** The options that select this API when {@code api} is not set, for messages. */
    public String selectingOptions() {
        return selectingOptions;
    }

    /** The API's name for people: "the Data Collector API". */
    public String displayName() {
        return displayName;
    }

    /**
     * What a refusal most likely means and how to fix it, to follow the service's own message; null when there is
     * nothing to add.
     *
     * @param errorCode the service's error code, or null
     */
    public String refusalHint(int status, String errorCode) {
        if (this == dataCollector) {
            return switch (status) {
                case 403 -> "check workspaceId and the shared key (the workspace's primary or secondary key)";
                case 404 -> errorCode == null ? "check endpoint: it must be the workspace's Data Collector URL" : null;
                default -> null;
            };
        }
        return switch (status) {
            case 401 -> "the token was refused: check tenantId, and that the token audience matches the endpoint's"
                        + " cloud (cloud, or tokenAudience)";
            case 403 -> "the identity needs the Monitoring Metrics Publisher role on the data collection rule (a new"
                        + " role assignment can take up to 30 minutes to apply)";
            case 404 -> "InvalidStream".equalsIgnoreCase(errorCode)
                    ? "the rule declares no such stream: streamName (by default Custom-<logType>_CL) must name a stream"
                      + " of the rule's streamDeclarations, Custom- prefix included"
                    : "check ruleId (the rule's immutableId, dcr-...) and endpoint (the data collection endpoint, or the"
                      + " rule's own logs ingestion endpoint, in the rule's region)";
            default -> null;
        };
    }
}
