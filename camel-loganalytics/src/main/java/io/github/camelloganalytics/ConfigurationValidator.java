package io.github.camelloganalytics;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

import io.github.camelloganalytics.transport.SharedKey;

/**
 * Checks an endpoint's options once, at start. Messages name the option and what to do, never a secret value.
 */
final class ConfigurationValidator {

    private static final Pattern GUID
            = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern RULE_ID = Pattern.compile("dcr-[0-9a-fA-F]{32}");
    private static final Pattern STREAM = Pattern.compile("(Custom|Microsoft)-[A-Za-z0-9_]{1,200}");
    private static final String TUNNELING_DISABLED = "jdk.http.auth.tunneling.disabledSchemes";

    private ConfigurationValidator() {
    }

    /**
     * @throws IllegalArgumentException naming the option at fault
     */
    static void validate(LogAnalyticsConfiguration c) {
        String logTypeProblem = RecordTargets.logTypeProblem(c.getLogType());
        if (logTypeProblem != null) {
            throw new IllegalArgumentException("logType " + logTypeProblem);
        }
        c.azureCloud();
        positive("batchSize", c.getBatchSize());
        positive("maxConcurrentRequests", c.getMaxConcurrentRequests());
        positive("batchTimeout", c.getBatchTimeout());
        positive("maxPendingBytes", c.getMaxPendingBytes());
        positive("deliveryTimeout", c.getDeliveryTimeout());
        positive("requestTimeout", c.getRequestTimeout());
        positive("connectTimeout", c.getConnectTimeout());
        if (c.getMaxRetries() < 0 || c.getOfferTimeout() < 0 || c.getRetryBackoff() < 0 || c.getMaxRetryBackoff() < 0) {
            throw new IllegalArgumentException("maxRetries, offerTimeout, retryBackoff and maxRetryBackoff must not be negative");
        }
        if (c.getBatchMaxBytes() < 0) {
            throw new IllegalArgumentException("batchMaxBytes must be positive");
        }
        LogAnalyticsApi api = c.getApi();
        if (c.effectiveBatchMaxBytes() > api.maxRequestBytes()) {
            throw new IllegalArgumentException("batchMaxBytes " + c.effectiveBatchMaxBytes() + " is above "
                                               + api.displayName() + "'s limit of " + api.maxRequestBytes() + " bytes");
        }
        if (c.getTimeGeneratedField() != null && !RecordTargets.PROPERTY_NAME.matcher(c.getTimeGeneratedField()).matches()) {
            throw new IllegalArgumentException("timeGeneratedField '" + RecordTargets.printable(c.getTimeGeneratedField())
                                               + "' must be letters, digits or underscores");
        }
        if (c.getResourceId() != null && !RecordTargets.RESOURCE_ID.matcher(c.getResourceId()).matches()) {
            throw new IllegalArgumentException("resourceId must be an Azure resource id starting with /subscriptions/");
        }
        if (api == LogAnalyticsApi.dataCollector) {
            validateDataCollector(c);
        } else {
            validateLogsIngestion(c);
        }
        validateProxy(c);
    }

    private static void validateDataCollector(LogAnalyticsConfiguration c) {
        if (c.getWorkspaceId() == null || c.getWorkspaceId().isBlank()) {
            throw new IllegalArgumentException("api=dataCollector needs workspaceId, the workspace GUID: set it on the"
                                               + " endpoint (loganalytics:" + c.getLogType() + "?workspaceId=...) or"
                                               + " once for all endpoints (camel.component.loganalytics.workspace-id)");
        }
        if (!GUID.matcher(c.getWorkspaceId()).matches()) {
            throw new IllegalArgumentException("workspaceId must be the workspace GUID"
                                               + " (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), got '"
                                               + RecordTargets.printable(c.getWorkspaceId()) + "'");
        }
        if (c.getSharedKey() == null && c.getSharedKeyFile() == null) {
            throw new IllegalArgumentException("api=dataCollector needs sharedKey or sharedKeyFile: set one on the"
                                               + " endpoint or once for all endpoints (camel.component.loganalytics.shared-key-file)");
        }
        if (c.getSharedKey() != null && c.getSharedKeyFile() != null) {
            throw new IllegalArgumentException("set either sharedKey or sharedKeyFile, not both");
        }
        if (c.getSharedKey() != null) {
            SharedKey.decode(c.getSharedKey(), "sharedKey");
        }
        if (c.getSecondarySharedKey() != null) {
            SharedKey.decode(c.getSecondarySharedKey(), "secondarySharedKey");
        }
        if (c.getEndpoint() != null) {
            checkEndpoint(c.getEndpoint());
        }
    }

    private static void validateLogsIngestion(LogAnalyticsConfiguration c) {
        if (c.getEndpoint() == null) {
            throw new IllegalArgumentException("api=logsIngestion needs endpoint: the data collection endpoint (DCE) or"
                                               + " the DCR's logs ingestion endpoint, such as"
                                               + " https://my-dce.eastus-1.ingest.monitor.azure.com");
        }
        checkEndpoint(c.getEndpoint());
        if (c.getRuleId() == null || !RULE_ID.matcher(c.getRuleId()).matches()) {
            throw new IllegalArgumentException("api=logsIngestion needs ruleId: the DCR immutable id (dcr- and 32 hex"
                                               + " digits), got '" + RecordTargets.printable(c.getRuleId()) + "'");
        }
        String stream = c.streamFor(c.getLogType());
        if (!STREAM.matcher(stream).matches()) {
            throw new IllegalArgumentException("streamName '" + RecordTargets.printable(stream)
                                               + "' must be Custom-<name> or Microsoft-<name>");
        }
        CredentialType type = c.effectiveCredentialType();
        if (type == CredentialType.sharedKey) {
            throw new IllegalArgumentException("credentialType=sharedKey is for api=dataCollector;"
                                               + " logsIngestion takes azureIdentity, clientSecret or tokenCredential");
        }
        if (type == CredentialType.clientSecret
                && (isBlank(c.getTenantId()) || isBlank(c.getClientId()) || isBlank(c.getClientSecret()))) {
            throw new IllegalArgumentException("credentialType=clientSecret needs tenantId, clientId and clientSecret");
        }
        if (type == CredentialType.tokenCredential && c.getTokenCredential() == null) {
            throw new IllegalArgumentException("credentialType=tokenCredential needs tokenCredential (a TokenCredential bean: #name)");
        }
    }

    private static void validateProxy(LogAnalyticsConfiguration c) {
        if (c.getProxyHost() == null) {
            if (c.getProxyPort() != null || c.getProxyUser() != null || c.getProxyPassword() != null) {
                throw new IllegalArgumentException("proxyPort, proxyUser and proxyPassword need proxyHost");
            }
            return;
        }
        if (c.getProxyPassword() != null && c.getProxyUser() == null) {
            throw new IllegalArgumentException("proxyPassword is set without proxyUser");
        }
        if (c.getProxyUser() != null && "https".equalsIgnoreCase(URI.create(serviceUrl(c)).getScheme())
                && basicDisabledForTunnels(System.getProperty(TUNNELING_DISABLED))) {
            throw new IllegalArgumentException("proxyUser is set, but this JVM refuses Basic proxy authentication for"
                                               + " https: start it with -D" + TUNNELING_DISABLED + "= (the JDK's"
                                               + " HTTP client disables Basic for tunnels by default)");
        }
    }

    /** The JDK's default, when the property is not set, disables Basic. */
    static boolean basicDisabledForTunnels(String property) {
        if (property == null) {
            return true;
        }
        for (String scheme : property.split(",")) {
            if (scheme.strip().toLowerCase(Locale.ROOT).equals("basic")) {
                return true;
            }
        }
        return false;
    }

    /** The service base URL: the endpoint option, or the Data Collector host derived from the workspace and cloud. */
    static String serviceUrl(LogAnalyticsConfiguration c) {
        if (c.getEndpoint() != null) {
            return c.getEndpoint();
        }
        return "https://" + c.getWorkspaceId() + "." + c.azureCloud().dataCollectorHostSuffix();
    }

    /** An https URL, or http to a loopback host (an emulator or a test). */
    static URI checkEndpoint(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint '" + RecordTargets.printable(endpoint) + "' is not a URL: "
                                               + e.getReason());
        }
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (host == null || scheme == null) {
            throw new IllegalArgumentException("endpoint '" + RecordTargets.printable(endpoint)
                                               + "' must be an absolute URL such as https://host");
        }
        if (uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("endpoint '" + host + "' must not carry a query or user info");
        }
        boolean https = "https".equalsIgnoreCase(scheme);
        if (!https && !("http".equalsIgnoreCase(scheme) && LoopbackHosts.isLoopback(host))) {
            throw new IllegalArgumentException("endpoint '" + RecordTargets.printable(endpoint) + "' must use https"
                                               + " (plain http is allowed for loopback hosts only: localhost,"
                                               + " 127.0.0.0/8, ::1)");
        }
        return uri;
    }

    private static void positive(String option, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be positive, got " + value);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
