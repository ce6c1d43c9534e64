package io.github.camelloganalytics;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import io.github.camelloganalytics.delivery.DeliveryEngine;
import io.github.camelloganalytics.record.FieldLimitMonitor;
import io.github.camelloganalytics.record.RecordRules;
import io.github.camelloganalytics.transport.AzureDependencies;
import io.github.camelloganalytics.transport.DataCollectorTransport;
import io.github.camelloganalytics.transport.IngestionTransport;
import io.github.camelloganalytics.transport.LogsIngestionTransport;
import io.github.camelloganalytics.transport.SharedKey;
import io.github.camelloganalytics.transport.SharedKeyRing;
import io.github.camelloganalytics.transport.entra.EntraCredentials;
import org.apache.camel.Category;
import org.apache.camel.Component;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * Ship records from any route to Azure Monitor Log Analytics, batched across exchanges, through the HTTP Data
 * Collector API or the Logs Ingestion API.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "loganalytics", title = "Azure Log Analytics",
             syntax = "loganalytics:logType", producerOnly = true, remote = true,
             category = { Category.MONITORING, Category.CLOUD },
             headersClass = LogAnalyticsConstants.class)
@ManagedResource(description = "Log Analytics endpoint")
public class LogAnalyticsEndpoint extends DefaultEndpoint implements EndpointServiceLocation {

    private static final Pattern GUID
            = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    @UriParam
    private LogAnalyticsConfiguration configuration;

    private static final Pattern RULE_ID = Pattern.compile("dcr-[0-9a-fA-F]{32}");
    private static final Pattern STREAM = Pattern.compile("(Custom|Microsoft)-[A-Za-z0-9_]{1,200}");

    private volatile FieldLimitMonitor fieldLimitMonitor;
    private volatile DeliveryEngine engine;

    public LogAnalyticsEndpoint(String uri, Component component, LogAnalyticsConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public LogAnalyticsComponent getComponent() {
        return (LogAnalyticsComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new LogAnalyticsProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("The loganalytics endpoint cannot consume: it only sends records");
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        validate();
    }

    /** Checks every option; messages name the option, never a secret value. */
    void validate() {
        LogAnalyticsConfiguration c = configuration;
        if (c.getLogType() == null || !LogAnalyticsProducer.LOG_TYPE.matcher(c.getLogType()).matches()) {
            throw new IllegalArgumentException("logType '" + c.getLogType()
                                               + "' must be 1 to 100 letters, digits or underscores");
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
        if (c.getApi() == LogAnalyticsApi.dataCollector
                && c.effectiveBatchMaxBytes() > LogAnalyticsConfiguration.DATA_COLLECTOR_MAX_REQUEST_BYTES) {
            throw new IllegalArgumentException("batchMaxBytes " + c.effectiveBatchMaxBytes()
                                               + " is above the Data Collector API's limit of "
                                               + LogAnalyticsConfiguration.DATA_COLLECTOR_MAX_REQUEST_BYTES + " bytes");
        }
        if (c.getApi() == LogAnalyticsApi.logsIngestion
                && c.effectiveBatchMaxBytes() > LogAnalyticsConfiguration.LOGS_INGESTION_MAX_REQUEST_BYTES) {
            throw new IllegalArgumentException("batchMaxBytes " + c.effectiveBatchMaxBytes()
                                               + " is above the Logs Ingestion API's limit of "
                                               + LogAnalyticsConfiguration.LOGS_INGESTION_MAX_REQUEST_BYTES + " bytes");
        }
        if (c.getProxyPort() != null && c.getProxyHost() == null) {
            throw new IllegalArgumentException("proxyPort is set without proxyHost");
        }
        if (c.getTimeGeneratedField() != null
                && !LogAnalyticsProducer.PROPERTY_NAME.matcher(c.getTimeGeneratedField()).matches()) {
            throw new IllegalArgumentException("timeGeneratedField '" + c.getTimeGeneratedField()
                                               + "' must be letters, digits or underscores");
        }
        if (c.getResourceId() != null && !LogAnalyticsProducer.RESOURCE_ID.matcher(c.getResourceId()).matches()) {
            throw new IllegalArgumentException("resourceId must be an Azure resource id starting with /subscriptions/");
        }
        if (c.getApi() == LogAnalyticsApi.dataCollector) {
            validateDataCollector(c);
        } else {
            validateLogsIngestion(c);
        }
    }

    private static void validateLogsIngestion(LogAnalyticsConfiguration c) {
        if (c.getEndpoint() == null) {
            throw new IllegalArgumentException("logsIngestion needs endpoint: the data collection endpoint (DCE) or the"
                                               + " DCR's logs ingestion endpoint, such as https://my-dce.eastus-1.ingest.monitor.azure.com");
        }
        checkEndpoint(c.getEndpoint());
        if (c.getRuleId() == null || !RULE_ID.matcher(c.getRuleId()).matches()) {
            throw new IllegalArgumentException("logsIngestion needs ruleId: the DCR immutable id (dcr- and 32 hex digits), got '"
                                               + c.getRuleId() + "'");
        }
        String stream = c.streamFor(c.getLogType());
        if (!STREAM.matcher(stream).matches()) {
            throw new IllegalArgumentException("streamName '" + stream + "' must be Custom-<name> or Microsoft-<name>");
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

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static void validateDataCollector(LogAnalyticsConfiguration c) {
        if (c.getWorkspaceId() == null || !GUID.matcher(c.getWorkspaceId()).matches()) {
            throw new IllegalArgumentException("workspaceId must be the workspace GUID"
                                               + " (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), got '" + c.getWorkspaceId() + "'");
        }
        if (c.getSharedKey() == null && c.getSharedKeyFile() == null) {
            throw new IllegalArgumentException("dataCollector needs sharedKey or sharedKeyFile");
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

    /** An https URL, or http to a loopback host (an emulator or a test). */
    static URI checkEndpoint(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (host == null || scheme == null) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' must be an absolute URL such as https://host");
        }
        if (uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("endpoint '" + uri.getHost() + "' must not carry a query or user info");
        }
        boolean loopback = LOOPBACK_HOSTS.contains(host.toLowerCase()) || host.startsWith("127.");
        if (!"https".equalsIgnoreCase(scheme) && !("http".equalsIgnoreCase(scheme) && loopback)) {
            throw new IllegalArgumentException("endpoint '" + endpoint
                                               + "' must use https (plain http is allowed for loopback hosts only)");
        }
        return uri;
    }

    private static void positive(String option, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be positive, got " + value);
        }
    }

    /** The transport of the configured API; options are validated first. */
    IngestionTransport createTransport() {
        validate();
        LogAnalyticsConfiguration c = configuration;
        if (c.getApi() == LogAnalyticsApi.logsIngestion) {
            AzureDependencies.require(c.effectiveCredentialType(), getClass().getClassLoader());
            return new LogsIngestionTransport(URI.create(c.getEndpoint()), c.getRuleId(), c::streamFor,
                    EntraCredentials.tokenSource(c), Duration.ofMillis(c.getRequestTimeout()));
        }
        SharedKey secondary = c.getSecondarySharedKey() != null
                ? SharedKey.decode(c.getSecondarySharedKey(), "secondarySharedKey") : null;
        SharedKeyRing keys = c.getSharedKeyFile() != null
                ? SharedKeyRing.fromFile(Path.of(c.getSharedKeyFile()), secondary, System::nanoTime)
                : SharedKeyRing.of(SharedKey.decode(c.getSharedKey(), "sharedKey"), secondary);
        return new DataCollectorTransport(URI.create(dataCollectorBase()), c.getWorkspaceId(), keys,
                Duration.ofMillis(c.getRequestTimeout()), Clock.systemUTC());
    }

    private String dataCollectorBase() {
        if (configuration.getEndpoint() != null) {
            return configuration.getEndpoint();
        }
        return "https://" + configuration.getWorkspaceId() + "." + configuration.azureCloud().dataCollectorHostSuffix();
    }

    /** The rules records must follow for the configured API. */
    RecordRules recordRules(IngestionTransport transport) {
        int maxRecordBytes = Math.min(configuration.effectiveBatchMaxBytes(), transport.maxRequestBytes()) - 2;
        if (configuration.getApi() == LogAnalyticsApi.logsIngestion) {
            // TimeGenerated is an ordinary column of a DCR stream; nothing is reserved on the way in
            return new RecordRules(Set.of(), maxRecordBytes, RecordRules.LOGS_INGESTION_FIELD_LIMIT);
        }
        return new RecordRules(RecordRules.DATA_COLLECTOR_RESERVED, maxRecordBytes, RecordRules.DATA_COLLECTOR_FIELD_LIMIT);
    }

    SSLContext sslContext() throws Exception {
        SSLContextParameters parameters = configuration.getSslContextParameters();
        if (parameters == null) {
            parameters = getComponent().retrieveGlobalSslContextParameters();
        }
        return parameters == null ? null : parameters.createSSLContext(getCamelContext());
    }

    public LogAnalyticsConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(LogAnalyticsConfiguration configuration) {
        this.configuration = configuration;
    }

    FieldLimitMonitor fieldLimitMonitor(RecordRules rules) {
        FieldLimitMonitor monitor = fieldLimitMonitor;
        if (monitor == null) {
            monitor = new FieldLimitMonitor(rules.fieldLimitBytes());
            fieldLimitMonitor = monitor;
        }
        return monitor;
    }

    DeliveryEngine engine() {
        return engine;
    }

    void setEngine(DeliveryEngine engine) {
        this.engine = engine;
    }

    @Override
    public String getServiceUrl() {
        try {
            return configuration.getApi() == LogAnalyticsApi.dataCollector && configuration.getWorkspaceId() != null
                    ? dataCollectorBase() : configuration.getEndpoint();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public String getServiceProtocol() {
        return "https";
    }

    @Override
    public Map<String, String> getServiceMetadata() {
        if (configuration.getApi() == LogAnalyticsApi.logsIngestion) {
            return configuration.getRuleId() != null ? Map.of("ruleId", configuration.getRuleId()) : null;
        }
        return configuration.getWorkspaceId() != null ? Map.of("workspaceId", configuration.getWorkspaceId()) : null;
    }

    @ManagedAttribute(description = "Records the service accepted")
    public long getRecordsAccepted() {
        DeliveryEngine e = engine;
        return e == null ? 0 : e.recordsAccepted();
    }

    @ManagedAttribute(description = "Records that finally failed")
    public long getRecordsFailed() {
        DeliveryEngine e = engine;
        return e == null ? 0 : e.recordsFailed();
    }

    @ManagedAttribute(description = "Requests sent, retries included")
    public long getRequests() {
        DeliveryEngine e = engine;
        return e == null ? 0 : e.requests();
    }

    @ManagedAttribute(description = "Retries after transient failures")
    public long getRetries() {
        DeliveryEngine e = engine;
        return e == null ? 0 : e.retries();
    }

    @ManagedAttribute(description = "Bytes of records taken but not yet settled")
    public long getPendingBytes() {
        DeliveryEngine e = engine;
        return e == null ? 0 : e.pendingBytes();
    }

    @ManagedAttribute(description = "Most bytes ever held under maxPendingBytes at once")
    public long getPendingBytesHighWater() {
        DeliveryEngine e = engine;
        return e == null ? 0 : e.pendingBytesHighWater();
    }

    @ManagedAttribute(description = "Requests in flight")
    public int getInFlightRequests() {
        DeliveryEngine e = engine;
        return e == null ? 0 : e.inFlight();
    }

    @ManagedAttribute(description = "Field values longer than the service stores whole")
    public long getOversizedFieldValues() {
        FieldLimitMonitor monitor = fieldLimitMonitor;
        return monitor == null ? 0 : monitor.oversizedFields();
    }
}
