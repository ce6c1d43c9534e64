package io.github.camelloganalytics;

import io.github.camelloganalytics.api.AzureCloud;
import io.github.camelloganalytics.api.CredentialType;
import io.github.camelloganalytics.api.LogAnalyticsApi;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * Options of a Log Analytics endpoint. Every option can also be set once on the component.
 */
@UriParams
public class LogAnalyticsConfiguration implements Cloneable {

    @UriPath
    @Metadata(required = true)
    private String logType;

    @UriParam(label = "common")
    private LogAnalyticsApi api;
    @UriParam(label = "common")
    private String workspaceId;
    @UriParam(label = "common", enums = "public,usGovernment,china", defaultValue = "public")
    private String cloud = "public";
    @UriParam(label = "common")
    private String endpoint;
    @UriParam(label = "common")
    private String timeGeneratedField;
    @UriParam(label = "common")
    private String resourceId;

    @UriParam(label = "logsIngestion")
    private String ruleId;
    @UriParam(label = "logsIngestion")
    private String streamName;
    @UriParam(label = "logsIngestion", defaultValue = "true")
    private boolean startupCheck = true;
    @UriParam(label = "logsIngestion,advanced", defaultValue = "12000")
    private long requestsPerMinute = 12_000;
    @UriParam(label = "logsIngestion,advanced", defaultValue = "2000000000")
    private long bytesPerMinute = 2_000_000_000L;

    @UriParam(label = "security")
    private CredentialType credentialType;
    @UriParam(label = "security", secret = true)
    private String sharedKey;
    @UriParam(label = "security")
    private String sharedKeyFile;
    @UriParam(label = "security", secret = true)
    private String secondarySharedKey;
    @UriParam(label = "security")
    private String tenantId;
    @UriParam(label = "security")
    private String clientId;
    @UriParam(label = "security", secret = true)
    private String clientSecret;
    @UriParam(label = "security")
    private String clientCertificatePath;
    @UriParam(label = "security", secret = true)
    private String clientCertificatePassword;
    // typed Object so that nothing outside logsIngestion ever loads azure-core, an optional dependency
    @UriParam(label = "security", javaType = "com.azure.core.credential.TokenCredential")
    private Object tokenCredential;
    @UriParam(label = "security", secret = true)
    private String accessToken;
    @UriParam(label = "security")
    private String authorityHost;
    @UriParam(label = "security")
    private String tokenAudience;
    @UriParam(label = "security")
    private SSLContextParameters sslContextParameters;

    @UriParam(label = "producer", defaultValue = "10000")
    private int batchSize = 10_000;
    @UriParam(label = "producer")
    private int batchMaxBytes;
    @UriParam(label = "producer", defaultValue = "100", javaType = "java.time.Duration")
    private long batchTimeout = 100;
    @UriParam(label = "producer", defaultValue = "16")
    private int maxConcurrentRequests = 16;
    @UriParam(label = "producer", defaultValue = "true")
    private boolean adaptiveConcurrency = true;
    @UriParam(label = "producer", defaultValue = "acknowledged")
    private DeliveryMode deliveryMode = DeliveryMode.acknowledged;
    @UriParam(label = "producer")
    private String deadLetterUri;

    @UriParam(label = "producer,advanced", defaultValue = "67108864")
    private long maxPendingBytes = 64L * 1024 * 1024;
    @UriParam(label = "producer,advanced", defaultValue = "30000", javaType = "java.time.Duration")
    private long offerTimeout = 30_000;
    @UriParam(label = "producer,advanced", defaultValue = "120000", javaType = "java.time.Duration")
    private long deliveryTimeout = 120_000;
    @UriParam(label = "producer,advanced", defaultValue = "10")
    private int maxRetries = 10;
    @UriParam(label = "producer,advanced", defaultValue = "500", javaType = "java.time.Duration")
    private long retryBackoff = 500;
    @UriParam(label = "producer,advanced", defaultValue = "30000", javaType = "java.time.Duration")
    private long maxRetryBackoff = 30_000;
    @UriParam(label = "producer,advanced", defaultValue = "60000", javaType = "java.time.Duration")
    private long requestTimeout = 60_000;
    @UriParam(label = "producer,advanced", defaultValue = "10000", javaType = "java.time.Duration")
    private long connectTimeout = 10_000;

    @UriParam(label = "proxy")
    private String proxyHost;
    @UriParam(label = "proxy", defaultValue = "80")
    private Integer proxyPort;
    @UriParam(label = "proxy,security")
    private String proxyUser;
    @UriParam(label = "proxy,security", secret = true)
    private String proxyPassword;

    public String getLogType() {
        return logType;
    }

    /**
     * The record type: for logsIngestion it names the stream, Custom-{logType}_CL unless streamName is set; for
     * dataCollector it is the Log-Type, and records land in the table {logType}_CL. Letters, digits and underscores,
     * at most 100 characters, not ending in _CL. The CamelLogAnalyticsLogType header overrides it per exchange.
     */
    public void setLogType(String logType) {
        this.logType = logType;
    }

    public LogAnalyticsApi getApi() {
        return api;
    }

    /**
     * The ingestion API: logsIngestion (the DCR-based Logs Ingestion API, authenticated with a Microsoft Entra ID
     * token) or dataCollector (the HTTP Data Collector API, signed with the workspace shared key, retired by Microsoft
     * on 2026-09-14). When not set it follows from the options: ruleId or streamName (or a Logs Ingestion credential)
     * select logsIngestion; workspaceId or a shared key select dataCollector; options of both fail the start, naming
     * them; with neither, logsIngestion. Routes move from one to the other by configuration alone.
     */
    public void setApi(LogAnalyticsApi api) {
        this.api = api;
    }

    public String getWorkspaceId() {
        return workspaceId;
    }

    /**
     * The Log Analytics workspace id (a GUID), for dataCollector. It is part of the service host name and of the
     * signature.
     */
    public void setWorkspaceId(String workspaceId) {
        this.workspaceId = workspaceId;
    }

    public String getCloud() {
        return cloud;
    }

    /**
     * The Azure cloud: public, usGovernment or china. It decides the Data Collector host suffix (.com, .us, .cn) and,
     * for logsIngestion, the Microsoft Entra ID authority (login.microsoftonline.com, login.microsoftonline.us,
     * login.chinacloudapi.cn) and the token audience (https://monitor.azure.com, .us, .cn). For another cloud set
     * authorityHost and tokenAudience.
     */
    public void setCloud(String cloud) {
        this.cloud = cloud;
    }

    public String getEndpoint() {
        return endpoint;
    }

    /**
     * Base URL of the ingestion service. For logsIngestion it is required: the data collection endpoint (DCE) or the
     * rule's own logs ingestion endpoint, such as https://my-dce.eastus-1.ingest.monitor.azure.com. For dataCollector
     * it defaults to https://{workspaceId}.ods.opinsights.azure.com (.us, .cn by cloud); set it to go through a proxy or
     * to reach an emulator. Must be https, except for loopback hosts (localhost, 127.0.0.0/8, ::1).
     */
    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public String getTimeGeneratedField() {
        return timeGeneratedField;
    }

    /**
     * Name of the record property whose value (ISO 8601) becomes TimeGenerated, on both APIs: dataCollector sends it
     * as the time-generated-field header; logsIngestion copies the value into each record's TimeGenerated property
     * (the stream needs a TimeGenerated column). Without it TimeGenerated is the time of ingestion; the service also
     * uses that time when the value is more than 2 days old or more than 1 day ahead. Letters, digits and underscores.
     * The CamelLogAnalyticsTimeGeneratedField header overrides it per exchange.
     */
    public void setTimeGeneratedField(String timeGeneratedField) {
        this.timeGeneratedField = timeGeneratedField;
    }

    public String getResourceId() {
        return resourceId;
    }

    /**
     * dataCollector: Azure resource id the records are associated with (x-ms-AzureResourceId header), so they
     * appear in resource-context queries. Must start with /subscriptions/. The CamelLogAnalyticsResourceId header
     * overrides it per exchange.
     */
    public void setResourceId(String resourceId) {
        this.resourceId = resourceId;
    }

    public String getRuleId() {
        return ruleId;
    }

    /**
     * logsIngestion: the immutable id of the data collection rule (dcr-...).
     */
    public void setRuleId(String ruleId) {
        this.ruleId = ruleId;
    }

    public String getStreamName() {
        return streamName;
    }

    /**
     * logsIngestion: the stream declared in the data collection rule. Defaults to Custom-{logType}_CL, so the
     * CamelLogAnalyticsLogType header picks the stream as it picks the table for dataCollector.
     */
    public void setStreamName(String streamName) {
        this.streamName = streamName;
    }

    public boolean isStartupCheck() {
        return startupCheck;
    }

    /**
     * logsIngestion: when the producer starts, post an empty array to the stream and fail the start with the cause
     * and the fix when the service refuses it: a token for the wrong tenant or audience (401), a missing Monitoring
     * Metrics Publisher role on the rule (403), an unknown rule or stream (404). A service that cannot be reached at
     * start is only logged. Set false to start without asking the service.
     */
    public void setStartupCheck(boolean startupCheck) {
        this.startupCheck = startupCheck;
    }

    public CredentialType getCredentialType() {
        return credentialType;
    }

    /**
     * How requests are authenticated. dataCollector: SHARED_KEY. logsIngestion: AZURE_IDENTITY (DefaultAzureCredential:
     * workload identity, managed identity, environment, Azure CLI), CLIENT_SECRET, CLIENT_CERTIFICATE,
     * TOKEN_CREDENTIAL (a TokenCredential bean) or ACCESS_TOKEN (a fixed token, loopback endpoints only). When not set
     * it follows from the options: accessToken, tokenCredential, clientSecret or clientCertificatePath select their
     * type, else AZURE_IDENTITY. The camelCase spelling (azureIdentity) is accepted too. The azure-identity types need
     * com.azure:azure-identity on the classpath.
     */
    public void setCredentialType(CredentialType credentialType) {
        this.credentialType = credentialType;
    }

    public String getTenantId() {
        return tenantId;
    }

    /**
     * logsIngestion: the Microsoft Entra tenant (GUID or domain) of the app registration (CLIENT_SECRET,
     * CLIENT_CERTIFICATE), or the tenant DefaultAzureCredential asks (AZURE_IDENTITY).
     */
    public void setTenantId(String tenantId) {
        this.tenantId = tenantId;
    }

    public String getClientId() {
        return clientId;
    }

    /**
     * logsIngestion: the client id of a user-assigned managed identity or of the workload identity (AZURE_IDENTITY),
     * or the application (client) id of an app registration (CLIENT_SECRET, CLIENT_CERTIFICATE). Not a secret.
     */
    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getClientSecret() {
        return clientSecret;
    }

    /**
     * logsIngestion: the client secret of the app registration (CLIENT_SECRET).
     */
    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    public String getClientCertificatePath() {
        return clientCertificatePath;
    }

    /**
     * logsIngestion: path of the app registration's certificate with its private key (CLIENT_CERTIFICATE): a PEM
     * file, or a PFX (PKCS#12) file when it ends in .pfx or .p12.
     */
    public void setClientCertificatePath(String clientCertificatePath) {
        this.clientCertificatePath = clientCertificatePath;
    }

    public String getClientCertificatePassword() {
        return clientCertificatePassword;
    }

    /**
     * logsIngestion: the password of a PFX client certificate, if it has one.
     */
    public void setClientCertificatePassword(String clientCertificatePassword) {
        this.clientCertificatePassword = clientCertificatePassword;
    }

    public String getAccessToken() {
        return accessToken;
    }

    /**
     * logsIngestion: a fixed bearer token (ACCESS_TOKEN), such as one the emulator was told to accept. Allowed only
     * when endpoint is a loopback address, so that it never stands in for a real identity; needs no Azure artifact, so
     * a YAML route reaches the emulator without Java code.
     */
    public void setAccessToken(String accessToken) {
        this.accessToken = accessToken;
    }

    public String getAuthorityHost() {
        return authorityHost;
    }

    /**
     * logsIngestion: the Microsoft Entra authority host, for a cloud that cloud does not name. Defaults to the cloud's.
     */
    public void setAuthorityHost(String authorityHost) {
        this.authorityHost = authorityHost;
    }

    public String getTokenAudience() {
        return tokenAudience;
    }

    /**
     * logsIngestion: the audience tokens are asked for, for a cloud that cloud does not name. Defaults to the
     * cloud's monitor audience, such as https://monitor.azure.com.
     */
    public void setTokenAudience(String tokenAudience) {
        this.tokenAudience = tokenAudience;
    }

    public Object getTokenCredential() {
        return tokenCredential;
    }

    /**
     * logsIngestion: a com.azure.core.credential.TokenCredential (TOKEN_CREDENTIAL), a bean reference such as
     * #myCredential; when not set, the one TokenCredential bean of the registry is used. Tokens are requested for the
     * token audience and cached until shortly before they expire.
     */
    public void setTokenCredential(Object tokenCredential) {
        this.tokenCredential = tokenCredential;
    }

    public String getSharedKey() {
        return sharedKey;
    }

    /**
     * The workspace primary or secondary key (base64) that signs dataCollector requests. In URI strings write
     * RAW(key) so that plus signs survive.
     */
    public void setSharedKey(String sharedKey) {
        this.sharedKey = sharedKey;
    }

    public String getSharedKeyFile() {
        return sharedKeyFile;
    }

    /**
     * Path of a file holding the shared key, such as a mounted Kubernetes secret. The file is read again when it
     * changes, and when the service refuses the key, so keys rotate without a restart.
     */
    public void setSharedKeyFile(String sharedKeyFile) {
        this.sharedKeyFile = sharedKeyFile;
    }

    public String getSecondarySharedKey() {
        return secondarySharedKey;
    }

    /**
     * A second workspace key (base64). When the service refuses the current key with 403 the request is signed again
     * with the other one, which is kept while it works.
     */
    public void setSecondarySharedKey(String secondarySharedKey) {
        this.secondarySharedKey = secondarySharedKey;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    /**
     * TLS configuration of the HTTP client. Defaults to the JVM's.
     */
    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public int getBatchSize() {
        return batchSize;
    }

    /**
     * Most records in one request. Batches fill while every request slot is busy, so against a distant service a
     * large cap keeps throughput up; {@code batchMaxBytes} bounds the request size either way.
     */
    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public int getBatchMaxBytes() {
        return batchMaxBytes;
    }

    /**
     * Most body bytes in one request, before compression. Defaults to 10485760 (10 MiB) for dataCollector and
     * 1048576 (1 MiB) for logsIngestion. A value above the service's cap (30 MB, 1 MiB) is a configuration error, and
     * a single record larger than this fails its exchange.
     */
    public void setBatchMaxBytes(int batchMaxBytes) {
        this.batchMaxBytes = batchMaxBytes;
    }

    public long getBatchTimeout() {
        return batchTimeout;
    }

    /**
     * Longest time a record waits for its batch to fill before the batch is sent. In acknowledged mode, where callers
     * wait, a batch is sent earlier: when every exchange in flight waits for the service, at once if no request is in
     * flight, else as soon as those in flight were answered; otherwise once no record joined it for a fifth of this time.
     */
    public void setBatchTimeout(long batchTimeout) {
        this.batchTimeout = batchTimeout;
    }

    public int getMaxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    /**
     * Most requests in flight at once for this endpoint. While all allowed are busy, batches keep filling. With
     * adaptiveConcurrency (the default) this is the ceiling of the adaptive limit; without, the fixed number.
     */
    public void setMaxConcurrentRequests(int maxConcurrentRequests) {
        this.maxConcurrentRequests = maxConcurrentRequests;
    }

    public boolean isAdaptiveConcurrency() {
        return adaptiveConcurrency;
    }

    /**
     * Whether the requests in flight follow the service: starting at 4, one more per round trip while batches wait for
     * a slot and answers come no slower than usual, a tenth fewer when the service pushes back (429, 503, Retry-After,
     * a timeout) or answers clearly slower, always between 1 and maxConcurrentRequests. When false, exactly
     * maxConcurrentRequests.
     */
    public void setAdaptiveConcurrency(boolean adaptiveConcurrency) {
        this.adaptiveConcurrency = adaptiveConcurrency;
    }

    public DeliveryMode getDeliveryMode() {
        return deliveryMode;
    }

    /**
     * acknowledged: an exchange completes when the service accepted all its records, or fails with a
     * LogAnalyticsException. queued: an exchange completes as soon as its records are buffered; records that later
     * fail go to deadLetterUri.
     */
    public void setDeliveryMode(DeliveryMode deliveryMode) {
        this.deliveryMode = deliveryMode;
    }

    public String getDeadLetterUri() {
        return deadLetterUri;
    }

    /**
     * Endpoint that receives the records of every request that finally failed, as a JSON array body with the error
     * in headers, in either delivery mode. The body can be sent to a loganalytics endpoint again as it is.
     */
    public void setDeadLetterUri(String deadLetterUri) {
        this.deadLetterUri = deadLetterUri;
    }

    public long getRequestsPerMinute() {
        return requestsPerMinute;
    }

    /**
     * logsIngestion: the requests a minute the data collection rule takes, kept on this side by every producer of the
     * JVM that sends to the rule together, so that bursts are paced before the service answers 429. Defaults to the
     * service's documented quota per rule, 12,000; 0 keeps no quota (requests then follow the service's Retry-After
     * only).
     */
    public void setRequestsPerMinute(long requestsPerMinute) {
        this.requestsPerMinute = requestsPerMinute;
    }

    public long getBytesPerMinute() {
        return bytesPerMinute;
    }

    /**
     * logsIngestion: the bytes a minute the data collection rule takes, counted before compression and kept like
     * requestsPerMinute. Defaults to the service's documented quota per rule, 2 GB; 0 keeps no quota.
     */
    public void setBytesPerMinute(long bytesPerMinute) {
        this.bytesPerMinute = bytesPerMinute;
    }

    public long getMaxPendingBytes() {
        return maxPendingBytes;
    }

    /**
     * Memory bound, in bytes, for records taken but not yet settled: what each record holds in memory (its JSON bytes
     * rounded up to the JVM's alignment, plus 24 bytes), plus, for each exchange waiting for acknowledgement, what
     * Camel keeps alive for it: 1 KiB, 128 bytes a header, and its body (text or bytes for their length, a Map, JSON
     * object or POJO for its JSON plus 96 bytes a field). When it is reached the calling thread blocks up to
     * offerTimeout, then its exchange fails.
     */
    public void setMaxPendingBytes(long maxPendingBytes) {
        this.maxPendingBytes = maxPendingBytes;
    }

    public long getOfferTimeout() {
        return offerTimeout;
    }

    /**
     * Longest time a caller blocks waiting for room under maxPendingBytes before its exchange fails.
     */
    public void setOfferTimeout(long offerTimeout) {
        this.offerTimeout = offerTimeout;
    }

    public long getDeliveryTimeout() {
        return deliveryTimeout;
    }

    /**
     * Longest time from taking a record to a final outcome, retries included; an attempt in flight ends by it too.
     * After it the record fails.
     */
    public void setDeliveryTimeout(long deliveryTimeout) {
        this.deliveryTimeout = deliveryTimeout;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    /**
     * Retries of one request after a transient failure (408, 429, 500, 502, 503, 504, I/O error, timeout).
     */
    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public long getRetryBackoff() {
        return retryBackoff;
    }

    /**
     * Base of the exponential backoff between retries (full jitter). A Retry-After, retry-after-ms or
     * x-ms-retry-after-ms header from the service takes precedence.
     */
    public void setRetryBackoff(long retryBackoff) {
        this.retryBackoff = retryBackoff;
    }

    public long getMaxRetryBackoff() {
        return maxRetryBackoff;
    }

    /**
     * Longest wait between two attempts computed by the backoff.
     */
    public void setMaxRetryBackoff(long maxRetryBackoff) {
        this.maxRetryBackoff = maxRetryBackoff;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    /**
     * Longest time for one attempt, from sending to the last byte of the response; after it the attempt counts as a
     * transient failure.
     */
    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    /**
     * Longest wait to open a connection to the service.
     */
    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public String getProxyHost() {
        return proxyHost;
    }

    /**
     * HTTP proxy host. Without it the JVM's default proxy selector is used (http.proxyHost, https.proxyHost).
     */
    public void setProxyHost(String proxyHost) {
        this.proxyHost = proxyHost;
    }

    public Integer getProxyPort() {
        return proxyPort;
    }

    /**
     * HTTP proxy port, used with proxyHost; 80 when not set.
     */
    public void setProxyPort(Integer proxyPort) {
        this.proxyPort = proxyPort;
    }

    public String getProxyUser() {
        return proxyUser;
    }

    /**
     * User name for a proxy that asks for Basic authentication (HTTP 407), with proxyPassword. For https targets the
     * JVM must allow Basic for tunnels: -Djdk.http.auth.tunneling.disabledSchemes= (the JDK disables it by default).
     */
    public void setProxyUser(String proxyUser) {
        this.proxyUser = proxyUser;
    }

    public String getProxyPassword() {
        return proxyPassword;
    }

    /**
     * Password for proxyUser.
     */
    public void setProxyPassword(String proxyPassword) {
        this.proxyPassword = proxyPassword;
    }

    /** The batch byte cap in force: the configured one, or the API's default. */
    public int effectiveBatchMaxBytes() {
        return batchMaxBytes > 0 ? batchMaxBytes : api.defaultBatchMaxBytes();
    }

    /**
     * The credential type in force: the configured one, else the one the options set imply (accessToken,
     * tokenCredential, clientSecret, clientCertificatePath), else the API's default.
     */
    public CredentialType effectiveCredentialType() {
        if (credentialType != null) {
            return credentialType;
        }
        if (api == LogAnalyticsApi.dataCollector) {
            return CredentialType.SHARED_KEY;
        }
        if (accessToken != null) {
            return CredentialType.ACCESS_TOKEN;
        }
        if (tokenCredential != null) {
            return CredentialType.TOKEN_CREDENTIAL;
        }
        if (clientSecret != null) {
            return CredentialType.CLIENT_SECRET;
        }
        if (clientCertificatePath != null) {
            return CredentialType.CLIENT_CERTIFICATE;
        }
        return CredentialType.AZURE_IDENTITY;
    }

    /** The token audience in force: the configured one, or the cloud's. */
    public String effectiveTokenAudience() {
        return tokenAudience != null ? tokenAudience : azureCloud().monitorAudience();
    }

    /** The authority host in force: the configured one, or the cloud's. */
    public String effectiveAuthorityHost() {
        return authorityHost != null ? authorityHost : azureCloud().authorityHost();
    }

    /** The stream records of a given record type go to. */
    public String streamFor(String recordType) {
        return streamName != null ? streamName : "Custom-" + recordType + "_CL";
    }

    /** The cloud option parsed. */
    public AzureCloud azureCloud() {
        return AzureCloud.fromOption(cloud);
    }

    /** A copy, so an endpoint's options never change the component's defaults. */
    public LogAnalyticsConfiguration copy() {
        try {
            return (LogAnalyticsConfiguration) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }
}
