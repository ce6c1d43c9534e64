package io.github.camelloganalytics;

import java.net.http.HttpClient;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.camelloganalytics.api.LogAnalyticsApi;
import io.github.camelloganalytics.batch.BatchKey;
import io.github.camelloganalytics.batch.DeliveryFailure;
import io.github.camelloganalytics.delivery.DeliveryEngine;
import io.github.camelloganalytics.delivery.DeliveryStatistics;
import io.github.camelloganalytics.delivery.StopDeadlines;
import io.github.camelloganalytics.record.FieldLimitMonitor;
import io.github.camelloganalytics.record.RecordEncoder;
import io.github.camelloganalytics.transport.HttpClientSettings;
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
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(LogAnalyticsEndpoint.class);

    @UriParam
    private LogAnalyticsConfiguration configuration;

    // every producer of this endpoint writes here, so JMX, the health check and the dev console see them all
    private final DeliveryStatistics statistics = new DeliveryStatistics();
    private final Set<LogAnalyticsProducer> producers = ConcurrentHashMap.newKeySet();
    private volatile FieldLimitMonitor fieldLimitMonitor;
    private WritableHealthCheckRepository healthCheckRepository;
    private LogAnalyticsProducerHealthCheck healthCheck;

    // one delivery for every producer of this endpoint, so that they share batches and the endpoint's limits: the
    // memory bound, the request slots and the service's Retry-After. Made with the first producer, closed with the last
    private volatile DeliveryEngine engine;
    private RecordEncoder encoder;
    private DeadLetterHandover deadLetter;
    private DeliveryResources resources;
    private HttpClientSettings clientSettings;
    private final Set<LogAnalyticsProducer> stopping = new HashSet<>();

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

    /**
     * A producer starts: the endpoint's delivery starts with the first, and so does its readiness check.
     *
     * @return the delivery the producer hands records to
     */
    synchronized DeliveryEngine producerStarted(LogAnalyticsProducer producer) throws Exception {
        if (engine == null) {
            startDelivery();
        }
        producers.add(producer);
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
        StopDeadlines contextStop = getComponent().stopSchedule().contextStop();
        if (contextStop != null) {
            // a producer made while the context stops (a template's) delivers at once, by the context's deadlines
            engine.beginStop(contextStop);
        }
        return engine;
    }

    private void startDelivery() throws Exception {
        var context = getCamelContext();
        DeliveryAssembly assembly = new DeliveryAssembly(configuration);
        var transport = assembly.transport(context);
        resources = getComponent().acquireResources();
        try {
            encoder = new RecordEncoder(assembly.recordRules(), fieldLimitMonitor);
            deadLetter = assembly.deadLetter(context, resources);
            ServiceHelper.startService(deadLetter);
            HttpClientSettings settings = assembly.httpClientSettings(this);
            HttpClient client = resources.httpClients().acquire(settings);
            clientSettings = settings;
            engine = new DeliveryEngine(assembly.engineSettings(), transport, assembly.sender(client, resources),
                    resources.scheduler(), resources.workers(), deadLetter, statistics, System::nanoTime,
                    WallClock.get(), assembly.serviceLimits());
        } catch (Exception | LinkageError e) {
            releaseDelivery();
            throw e;
        }
        if (configuration.getApi() == LogAnalyticsApi.logsIngestion && configuration.isStartupCheck()) {
            checkTarget(transport.target(configuration.getLogType()));
        }
        LOG.info("Log Analytics endpoint for {} started: {} to {}, {} delivery", configuration.getLogType(),
                configuration.getApi(), transport.target(configuration.getLogType()), configuration.getDeliveryMode());
    }

    /**
     * Asks the service once, before any record is taken, whether it takes records for the endpoint's stream: a
     * credential it refuses, a missing role, an unknown rule or stream fail the start with their fix, rather than the
     * first exchanges. A service that cannot be reached now may be reachable later: that is only logged.
     */
    private void checkTarget(String target) throws Exception {
        DeliveryFailure failure = engine.checkTarget(new BatchKey(configuration.getLogType(), null, null));
        if (failure == null) {
            return;
        }
        if (failure.retryable()) {
            LOG.warn("Could not check {} at start: {}; records are sent as usual", target, failure.reason());
            return;
        }
        DeliveryEngine failed = engine;
        engine = null;
        failed.close("the producer did not start", System.nanoTime());
        releaseDelivery();
        throw new IllegalStateException("The Logs Ingestion API refused " + target + " at start: " + failure.reason()
                                        + " (startupCheck=false skips this check)");
    }

    /** The encoder of this endpoint's records; set while a producer runs. */
    RecordEncoder encoder() {
        return encoder;
    }

    /**
     * The context begins to stop: every open batch leaves now, and whatever has no outcome by the deadlines fails.
     */
    synchronized void contextStopping(StopDeadlines deadlines) {
        stopping.addAll(producers);
        if (engine != null) {
            engine.beginStop(deadlines);
        }
    }

    /**
     * A producer begins to stop. Delivery stops with the last producer; while others still send through the endpoint,
     * its open batches only leave at once, so the stopping producer's records are not kept waiting.
     */
    synchronized void producerStopping(LogAnalyticsProducer producer, StopDeadlines deadlines) {
        if (engine == null || !producers.contains(producer)) {
            return;
        }
        stopping.add(producer);
        if (stopping.containsAll(producers)) {
            engine.beginStop(deadlines);
        } else {
            engine.flush();
        }
    }

    /**
     * A producer stopped. With the last one, delivery ends: what has no outcome by the deadlines fails, and the
     * readiness check goes.
     */
    void producerStopped(LogAnalyticsProducer producer, StopDeadlines deadlines) {
        DeliveryEngine closing;
        synchronized (this) {
            producers.remove(producer);
            stopping.remove(producer);
            if (!producers.isEmpty()) {
                return;
            }
            if (healthCheck != null) {
                healthCheckRepository.removeHealthCheck(healthCheck);
                healthCheck = null;
            }
            closing = engine;
            engine = null;
            stopping.clear();
        }
        if (closing == null) {
            return;
        }
        try {
            if (!closing.awaitSettled(deadlines.settleByNanos())) {
                LOG.warn("Records of logType {} still undelivered at the stop deadline; failing them",
                        configuration.getLogType());
            }
        } catch (InterruptedException e) {
            // Camel forces the stop: settle everything now, then let it go on
            Thread.currentThread().interrupt();
        } finally {
            closing.close(LogAnalyticsProducer.STOPPED, deadlines.handOverByNanos());
            synchronized (this) {
                if (engine == null) {
                    releaseDelivery();
                }
            }
        }
    }

    private void releaseDelivery() {
        if (resources != null) {
            if (clientSettings != null) {
                resources.httpClients().release(clientSettings);
            }
            getComponent().releaseResources();
            resources = null;
        }
        clientSettings = null;
        ServiceHelper.stopAndShutdownService(deadLetter);
        deadLetter = null;
        encoder = null;
    }

    /** Producers running now. */
    int runningProducers() {
        return producers.size();
    }

    /** The producers running now. */
    Set<LogAnalyticsProducer> producers() {
        return producers;
    }

    /** Requests the endpoint may have in flight now. */
    int concurrencyLimit() {
        DeliveryEngine delivering = engine;
        return delivering == null ? 0 : delivering.concurrencyLimit();
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

    @ManagedAttribute(description = "Dead letter hand-overs started and not yet answered by the dead letter endpoint")
    public int getDeadLettersUnderWay() {
        return statistics.snapshot().deadLettersUnderWay();
    }

    @ManagedAttribute(description = "Batches being delivered: sent, or waiting to be retried")
    public int getInFlightRequests() {
        return statistics.snapshot().inFlight();
    }

    @ManagedAttribute(description = "Requests the endpoint may have in flight now (adaptiveConcurrency moves it)")
    public int getConcurrencyLimit() {
        return concurrencyLimit();
    }

    @ManagedAttribute(description = "Field values longer than the service stores whole")
    public long getOversizedFieldValues() {
        FieldLimitMonitor monitor = fieldLimitMonitor;
        return monitor == null ? 0 : monitor.oversizedFields();
    }
}
