package io.github.camelloganalytics;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

import java.util.ArrayList;
import java.util.List;

import io.github.camelloganalytics.api.CredentialType;
import io.github.camelloganalytics.api.LogAnalyticsApi;
import io.github.camelloganalytics.api.LoopbackHosts;
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
     * Decides the endpoint's API, when not set, from the options set, and checks every option.
     *
     * @throws IllegalArgumentException naming the option at fault
     */
    static void validate(LogAnalyticsConfiguration c) {
        c.setApi(selectApi(c));
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
        if (c.getRequestsPerMinute() < 0 || c.getBytesPerMinute() < 0) {
            throw new IllegalArgumentException("requestsPerMinute and bytesPerMinute must not be negative (0 keeps no quota)");
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

    /**
     * The API the options ask for: the {@code api} option when set; else Logs Ingestion when any of its own options is
     * set, the Data Collector API when any of its own is, and Logs Ingestion, the front door, when neither is.
     *
     * @throws IllegalArgumentException when options of both are set and {@code api} does not decide
     */
    static LogAnalyticsApi selectApi(LogAnalyticsConfiguration c) {
        if (c.getApi() != null) {
            return c.getApi();
        }
        List<String> logsIngestion = new ArrayList<>();
        addIfSet(logsIngestion, "ruleId", c.getRuleId());
        addIfSet(logsIngestion, "streamName", c.getStreamName());
        addIfSet(logsIngestion, "accessToken", c.getAccessToken());
        addIfSet(logsIngestion, "tokenCredential", c.getTokenCredential());
        addIfSet(logsIngestion, "clientSecret", c.getClientSecret());
        addIfSet(logsIngestion, "clientCertificatePath", c.getClientCertificatePath());
        List<String> dataCollector = new ArrayList<>();
        addIfSet(dataCollector, "workspaceId", c.getWorkspaceId());
        addIfSet(dataCollector, "sharedKey", c.getSharedKey());
        addIfSet(dataCollector, "sharedKeyFile", c.getSharedKeyFile());
        addIfSet(dataCollector, "secondarySharedKey", c.getSecondarySharedKey());
        if (c.getCredentialType() != null) {
            (c.getCredentialType().api() == LogAnalyticsApi.logsIngestion ? logsIngestion : dataCollector)
                    .add("credentialType=" + c.getCredentialType());
        }
        if (!logsIngestion.isEmpty() && !dataCollector.isEmpty()) {
            throw new IllegalArgumentException("cannot tell which API to use: " + String.join(", ", logsIngestion)
                                               + " belong to the Logs Ingestion API, " + String.join(", ", dataCollector)
                                               + " to the Data Collector API. Set api=logsIngestion or api=dataCollector,"
                                               + " or remove the options of the other API (a component-wide setting"
                                               + " counts too)");
        }
        return dataCollector.isEmpty() ? LogAnalyticsApi.logsIngestion : LogAnalyticsApi.dataCollector;
    }

    private static void addIfSet(List<String> names, String name, Object value) {
        if (value != null && !(value instanceof String text && text.isBlank())) {
            names.add(name);
        }
    }

    private static void validateDataCollector(LogAnalyticsConfiguration c) {
        if (c.effectiveCredentialType() != CredentialType.SHARED_KEY) {
            throw new IllegalArgumentException("credentialType=" + c.effectiveCredentialType() + " is for the Logs"
                                               + " Ingestion API; the Data Collector API takes SHARED_KEY");
        }
        if (c.getWorkspaceId() == null || c.getWorkspaceId().isBlank()) {
            throw new IllegalArgumentException("the Data Collector API needs workspaceId, the workspace GUID: set it on the"
                                               + " endpoint (loganalytics:" + c.getLogType() + "?workspaceId=...) or"
                                               + " once for all endpoints (camel.component.loganalytics.workspace-id)");
        }
        if (!GUID.matcher(c.getWorkspaceId()).matches()) {
            throw new IllegalArgumentException("workspaceId must be the workspace GUID"
                                               + " (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), got '"
                                               + RecordTargets.printable(c.getWorkspaceId()) + "'");
        }
        if (c.getSharedKey() == null && c.getSharedKeyFile() == null) {
            throw new IllegalArgumentException("the Data Collector API needs sharedKey or sharedKeyFile: set one on the"
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
        if (c.getEndpoint() == null || c.getRuleId() == null) {
            throw new IllegalArgumentException("the Logs Ingestion API needs endpoint and ruleId: the data collection"
                                               + " endpoint (DCE) or the rule's logs ingestion endpoint, such as"
                                               + " https://my-dce.eastus-1.ingest.monitor.azure.com, and the rule's"
                                               + " immutableId (dcr-...); missing: "
                                               + (c.getEndpoint() == null ? "endpoint" : "")
                                               + (c.getEndpoint() == null && c.getRuleId() == null ? ", " : "")
                                               + (c.getRuleId() == null ? "ruleId" : "")
                                               + ". For a workspace's Data Collector API set workspaceId and a key instead");
        }
        URI endpoint = checkEndpoint(c.getEndpoint());
        if (!RULE_ID.matcher(c.getRuleId()).matches()) {
            throw new IllegalArgumentException("ruleId must be the rule's immutableId, dcr- and 32 hex digits, got '"
                                               + RecordTargets.printable(c.getRuleId()) + "'");
        }
        String stream = c.streamFor(c.getLogType());
        if (!STREAM.matcher(stream).matches()) {
            throw new IllegalArgumentException("streamName '" + RecordTargets.printable(stream)
                                               + "' must be Custom-<name> or Microsoft-<name>"
                                               + (stream.startsWith("Custom") || stream.startsWith("Microsoft") ? ""
                                                       : ": custom streams carry the Custom- prefix, as in Custom-"
                                                         + RecordTargets.printable(stream)));
        }
        CredentialType type = c.effectiveCredentialType();
        if (type.api() != LogAnalyticsApi.logsIngestion) {
            throw new IllegalArgumentException("credentialType=" + type + " is for the Data Collector API; the Logs"
                                               + " Ingestion API takes AZURE_IDENTITY, CLIENT_SECRET, CLIENT_CERTIFICATE,"
                                               + " TOKEN_CREDENTIAL or ACCESS_TOKEN");
        }
        switch (type) {
            case CLIENT_SECRET -> requireAll(type, "tenantId", c.getTenantId(), "clientId", c.getClientId(),
                    "clientSecret", c.getClientSecret());
            case CLIENT_CERTIFICATE -> requireAll(type, "tenantId", c.getTenantId(), "clientId", c.getClientId(),
                    "clientCertificatePath", c.getClientCertificatePath());
            case ACCESS_TOKEN -> {
                if (isBlank(c.getAccessToken())) {
                    throw new IllegalArgumentException("credentialType=ACCESS_TOKEN needs accessToken");
                }
                if (!LoopbackHosts.isLoopback(endpoint.getHost())) {
                    throw new IllegalArgumentException("accessToken is for loopback endpoints only (the emulator, tests),"
                                                       + " and endpoint '" + endpoint.getHost() + "' is not one: use an"
                                                       + " identity (AZURE_IDENTITY, CLIENT_SECRET, CLIENT_CERTIFICATE)");
                }
            }
            default -> {
                // AZURE_IDENTITY needs nothing; TOKEN_CREDENTIAL may be found in the registry at start
            }
        }
        if (c.getAuthorityHost() != null && !c.getAuthorityHost().startsWith("https://")) {
            throw new IllegalArgumentException("authorityHost must be an https URL, such as https://login.microsoftonline.com/");
        }
    }

    private static void requireAll(CredentialType type, String... namesAndValues) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (isBlank(namesAndValues[i + 1])) {
                missing.add(namesAndValues[i]);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("credentialType=" + type + " needs " + String.join(", ", missing));
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
