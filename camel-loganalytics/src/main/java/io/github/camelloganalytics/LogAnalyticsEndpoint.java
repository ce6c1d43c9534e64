package io.github.camelloganalytics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.camelloganalytics.delivery.DeliveryStatistics;
import io.github.camelloganalytics.record.FieldLimitMonitor;
import org.apache.camel.Category;
import org.apache.camel.Component;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

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

    @UriParam
    private LogAnalyticsConfiguration configuration;

    // every producer of this endpoint writes here, so JMX, the health check and the dev console see them all
    private final DeliveryStatistics statistics = new DeliveryStatistics();
    private final Set<LogAnalyticsProducer> producers = ConcurrentHashMap.newKeySet();
    private volatile FieldLimitMonitor fieldLimitMonitor;
    private WritableHealthCheckRepository healthCheckRepository;
    private LogAnalyticsProducerHealthCheck healthCheck;

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
        ConfigurationValidator.validate(configuration);
        fieldLimitMonitor = new FieldLimitMonitor(configuration.getApi().fieldLimitBytes());
    }

    /** A producer started: the endpoint's readiness check is registered with the first. */
    synchronized void producerStarted(LogAnalyticsProducer producer) {
        producers.add(producer);
        getComponent().producerStarted(producer);
        if (healthCheck == null) {
            // null unless camel-health is present
            healthCheckRepository = HealthCheckHelper.getHealthCheckRepository(getCamelContext(), "producers",
                    WritableHealthCheckRepository.class);
            if (healthCheckRepository != null) {
                healthCheck = new LogAnalyticsProducerHealthCheck(this, getId());
                healthCheck.setEnabled(getComponent().isHealthCheckProducerEnabled());
                healthCheckRepository.addHealthCheck(healthCheck);
            }
        }
    }

    /** A producer stopped: the readiness check goes with the last. */
    synchronized void producerStopped(LogAnalyticsProducer producer) {
        producers.remove(producer);
        getComponent().producerStopped(producer);
        if (producers.isEmpty() && healthCheck != null) {
            healthCheckRepository.removeHealthCheck(healthCheck);
            healthCheck = null;
        }
    }

    /** Producers running now. */
    int runningProducers() {
        return producers.size();
    }

    /** Requests the running producers may have in flight now, together. */
    int concurrencyLimit() {
        int limit = 0;
        for (LogAnalyticsProducer producer : producers) {
            limit += producer.concurrencyLimit();
        }
        return limit;
    }

    public LogAnalyticsConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(LogAnalyticsConfiguration configuration) {
        this.configuration = configuration;
    }

    /** What this endpoint's producers delivered. */
    public DeliveryStatistics statistics() {
        return statistics;
    }

    FieldLimitMonitor fieldLimitMonitor() {
        return fieldLimitMonitor;
    }

    /** Where the endpoint's requests go, without secrets: the Data Collector URL or the Logs Ingestion base. */
    String target() {
        try {
            return ConfigurationValidator.serviceUrl(configuration);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public String getServiceUrl() {
        if (configuration.getEndpoint() == null && configuration.getWorkspaceId() == null) {
            return null;
        }
        return target();
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
        return statistics.snapshot().recordsAccepted();
    }

    @ManagedAttribute(description = "Records that finally failed")
    public long getRecordsFailed() {
        return statistics.snapshot().recordsFailed();
    }

    @ManagedAttribute(description = "Failed records that reached neither an exchange nor the dead letter endpoint")
    public long getRecordsLost() {
        return statistics.snapshot().recordsLost();
    }

    @ManagedAttribute(description = "Requests sent, retries included")
    public long getRequests() {
        return statistics.snapshot().requests();
    }

    @ManagedAttribute(description = "Retries after transient failures")
    public long getRetries() {
        return statistics.snapshot().retries();
    }

    @ManagedAttribute(description = "Bytes held under maxPendingBytes by records taken but not yet settled")
    public long getPendingBytes() {
        return statistics.snapshot().pendingBytes();
    }

    @ManagedAttribute(description = "Most bytes ever held under maxPendingBytes at once")
    public long getPendingBytesHighWater() {
        return statistics.snapshot().pendingBytesHighWater();
    }

    @ManagedAttribute(description = "Batches being delivered: sent, or waiting to be retried")
    public int getInFlightRequests() {
        return statistics.snapshot().inFlight();
    }

    @ManagedAttribute(description = "Requests the running producers may have in flight now (adaptiveConcurrency moves it)")
    public int getConcurrencyLimit() {
        return concurrencyLimit();
    }

    @ManagedAttribute(description = "Field values longer than the service stores whole")
    public long getOversizedFieldValues() {
        FieldLimitMonitor monitor = fieldLimitMonitor;
        return monitor == null ? 0 : monitor.oversizedFields();
    }
}
