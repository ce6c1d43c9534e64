package io.github.camelloganalytics;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import io.github.camelloganalytics.api.CredentialType;
import io.github.camelloganalytics.api.LogAnalyticsApi;
import io.github.camelloganalytics.delivery.DeliveryEngine;
import io.github.camelloganalytics.delivery.ServiceLimits;
import io.github.camelloganalytics.record.RecordRules;
import io.github.camelloganalytics.transport.AzureDependencies;
import io.github.camelloganalytics.transport.BearerTokenSource;
import io.github.camelloganalytics.transport.DataCollectorTransport;
import io.github.camelloganalytics.transport.FixedTokenSource;
import io.github.camelloganalytics.transport.GzipEncoder;
import io.github.camelloganalytics.transport.HttpClientSettings;
import io.github.camelloganalytics.transport.IngestionTransport;
import io.github.camelloganalytics.transport.JdkRequestSender;
import io.github.camelloganalytics.transport.LogsIngestionTransport;
import io.github.camelloganalytics.transport.SharedKey;
import io.github.camelloganalytics.transport.SharedKeyRing;
import io.github.camelloganalytics.transport.Urls;
import io.github.camelloganalytics.transport.entra.EntraCredentials;
import io.github.camelloganalytics.transport.entra.EntraSettings;
import org.apache.camel.CamelContext;

/**
 * Builds what a producer delivers with from an endpoint's configuration: the transport of its API, the engine's
 * settings, the HTTP client settings and the record rules. One place reads the options, so the layers below take
 * plain values.
 */
final class DeliveryAssembly {

    /** In acknowledged mode a batch that no record joined for batchTimeout divided by this is sent. */
    static final int BATCH_IDLE_FRACTION = 5;

    /**
     * The Deflater level Logs Ingestion bodies are compressed at. Requests are cut at 1 MiB before compression, so
     * the level only trades CPU for bytes on the wire: measured on log records, level 1 takes under a third of the
     * CPU of the JDK's default 6 for 37% more bytes (the user guide's Throughput section has the table).
     */
    static final int GZIP_LEVEL = 1;

    private final LogAnalyticsConfiguration c;

    DeliveryAssembly(LogAnalyticsConfiguration configuration) {
        this.c = configuration;
    }

    IngestionTransport transport(CamelContext context) {
        String userAgent = UserAgent.of(context);
        if (c.getApi() == LogAnalyticsApi.logsIngestion) {
            return new LogsIngestionTransport(URI.create(c.getEndpoint()), c.getRuleId(), c::streamFor,
                    tokenSource(context), userAgent, new GzipEncoder(GZIP_LEVEL));
        }
        SharedKey secondary = c.getSecondarySharedKey() != null
                ? SharedKey.decode(c.getSecondarySharedKey(), "secondarySharedKey") : null;
        SharedKeyRing keys = c.getSharedKeyFile() != null
                ? SharedKeyRing.fromFile(Path.of(c.getSharedKeyFile()), secondary, System::nanoTime)
                : SharedKeyRing.of(SharedKey.decode(c.getSharedKey(), "sharedKey"), secondary);
        return new DataCollectorTransport(URI.create(ConfigurationValidator.serviceUrl(c)), c.getWorkspaceId(), keys,
                WallClock.get(), userAgent);
    }

    /** Where Logs Ingestion tokens come from: a fixed token, or a credential of azure-identity's or the user's. */
    private BearerTokenSource tokenSource(CamelContext context) {
        CredentialType type = c.effectiveCredentialType();
        if (type == CredentialType.ACCESS_TOKEN) {
            return new FixedTokenSource(c.getAccessToken());
        }
        AzureDependencies.require(type, getClass().getClassLoader());
        Object tokenCredential = c.getTokenCredential();
        if (type == CredentialType.TOKEN_CREDENTIAL && tokenCredential == null) {
            tokenCredential = RegistryTokenCredential.find(context);
        }
        EntraSettings settings = new EntraSettings(type, c.getTenantId(), c.getClientId(), c.getClientSecret(),
                c.getClientCertificatePath(), c.getClientCertificatePassword(), tokenCredential,
                c.effectiveAuthorityHost(), c.effectiveTokenAudience());
        return EntraCredentials.tokenSource(settings, WallClock.get());
    }

    /**
     * What the service imposes on the endpoint's target, shared with every engine of the JVM sending there: for a data
     * collection rule its Retry-After and its quota, for a workspace its Retry-After.
     */
    ServiceLimits serviceLimits() {
        if (c.getApi() == LogAnalyticsApi.logsIngestion) {
            return ServiceLimits.shared(Urls.trimTrailingSlashes(c.getEndpoint()) + "|" + c.getRuleId(),
                    c.getRequestsPerMinute(), c.getBytesPerMinute(), System::nanoTime);
        }
        return ServiceLimits.shared(ConfigurationValidator.serviceUrl(c) + "|" + c.getWorkspaceId(), 0, 0, System::nanoTime);
    }

    DeliveryEngine.Settings engineSettings() {
        // acknowledged callers wait for their batch: once nothing joins it for a while, waiting longer only delays them
        long batchIdle = c.getDeliveryMode() == DeliveryMode.acknowledged
                ? c.getBatchTimeout() / BATCH_IDLE_FRACTION : c.getBatchTimeout();
        HttpClientSettings.Proxy proxy = proxy();
        return new DeliveryEngine.Settings(c.getBatchSize(), c.effectiveBatchMaxBytes(), c.getBatchTimeout(), batchIdle,
                c.getMaxConcurrentRequests(), c.isAdaptiveConcurrency(), c.getMaxPendingBytes(), c.getDeliveryTimeout(), c.getRequestTimeout(),
                c.getConnectTimeout(), c.getMaxRetries(), c.getRetryBackoff(), c.getMaxRetryBackoff(),
                c.getApi().successStatus(), c.getApi().displayName(), proxy != null ? proxy.address() : null,
                c.getApi()::refusalHint);
    }

    HttpClientSettings httpClientSettings(LogAnalyticsEndpoint endpoint) throws Exception {
        var parameters = c.getSslContextParameters();
        if (parameters == null) {
            parameters = endpoint.getComponent().retrieveGlobalSslContextParameters();
        }
        return new HttpClientSettings(Duration.ofMillis(c.getConnectTimeout()), proxy(), parameters,
                parameters == null ? null : parameters.createSSLContext(endpoint.getCamelContext()));
    }

    private HttpClientSettings.Proxy proxy() {
        if (c.getProxyHost() == null) {
            return null;
        }
        return new HttpClientSettings.Proxy(c.getProxyHost(), c.getProxyPort() != null ? c.getProxyPort() : 80,
                c.getProxyUser(), c.getProxyPassword());
    }

    /** The rules records must follow for the configured API. */
    RecordRules recordRules() {
        int maxRecordBytes = Math.min(c.effectiveBatchMaxBytes(), c.getApi().maxRequestBytes()) - 2;
        return new RecordRules(c.getApi().reservedProperties(), maxRecordBytes, c.getApi().fieldLimitBytes(),
                c.getApi().timeGeneratedInRecord());
    }

    /** The dead letter endpoint's sink, or null when none is configured. */
    DeadLetterHandover deadLetter(CamelContext context, DeliveryResources resources) {
        return c.getDeadLetterUri() != null
                ? new DeadLetterHandover(context, c.getDeadLetterUri(), resources.deadLetters()) : null;
    }

    JdkRequestSender sender(java.net.http.HttpClient client, DeliveryResources resources) {
        return new JdkRequestSender(client, resources.scheduler(), JdkRequestSender.DEFAULT_MAX_BODY_BYTES, proxy());
    }
}
