package io.github.camelloganalytics;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;

import io.github.camelloganalytics.batch.Batch;
import io.github.camelloganalytics.batch.BatchKey;
import io.github.camelloganalytics.batch.DeliveryFailure;
import io.github.camelloganalytics.batch.RecordListener;
import io.github.camelloganalytics.delivery.DeliveryEngine;
import io.github.camelloganalytics.delivery.ExchangeCompletion;
import io.github.camelloganalytics.record.RecordEncoder;
import io.github.camelloganalytics.record.RecordRules;
import io.github.camelloganalytics.transport.HttpClientFactory;
import io.github.camelloganalytics.transport.IngestionTransport;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.support.DefaultAsyncProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the records of each exchange into per-type batches and completes the exchange when the service has accepted
 * them (acknowledged) or as soon as they are buffered (queued). Exchanges whose body or headers cannot become
 * records fail at once; no other exchange is affected.
 */
public class LogAnalyticsProducer extends DefaultAsyncProducer {

    private static final Logger LOG = LoggerFactory.getLogger(LogAnalyticsProducer.class);

    /**
     * What an exchange waiting for acknowledgement is counted for under maxPendingBytes besides its records: Camel
     * keeps the exchange, its message and its body alive until then (about 2 KiB measured for a Map body of 11 fields).
     */
    static final long PENDING_EXCHANGE_OVERHEAD = 2048;

    /** In acknowledged mode a batch that no record joined for batchTimeout divided by this is sent. */
    static final int BATCH_IDLE_FRACTION = 5;

    static final Pattern LOG_TYPE = Pattern.compile("[A-Za-z0-9_]{1,100}");
    static final Pattern PROPERTY_NAME = Pattern.compile("[A-Za-z0-9_]{1,500}");
    static final Pattern RESOURCE_ID = Pattern.compile("/[\\x20-\\x7E]{1,4095}");

    private final LogAnalyticsEndpoint endpoint;
    private final LogAnalyticsConfiguration configuration;
    private RecordEncoder encoder;
    private DeliveryEngine engine;
    private ScheduledExecutorService scheduler;
    private ExecutorService workers;
    private ProducerTemplate deadLetterTemplate;
    private WritableHealthCheckRepository healthCheckRepository;
    private LogAnalyticsProducerHealthCheck healthCheck;

    public LogAnalyticsProducer(LogAnalyticsEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.configuration = endpoint.getConfiguration();
    }

    @Override
    public LogAnalyticsEndpoint getEndpoint() {
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        IngestionTransport transport = endpoint.createTransport();
        RecordRules rules = endpoint.recordRules(transport);
        encoder = new RecordEncoder(rules, endpoint.fieldLimitMonitor(rules));
        var executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        scheduler = executors.newSingleThreadScheduledExecutor(this, "LogAnalyticsBatcher");
        workers = executors.newDefaultThreadPool(this, "LogAnalyticsDelivery");
        if (configuration.getDeadLetterUri() != null) {
            deadLetterTemplate = getEndpoint().getCamelContext().createProducerTemplate();
            deadLetterTemplate.start();
        }
        // acknowledged callers wait for their batch: once nothing joins it for a while, waiting longer only delays them
        long batchIdle = configuration.getDeliveryMode() == DeliveryMode.acknowledged
                ? configuration.getBatchTimeout() / BATCH_IDLE_FRACTION : configuration.getBatchTimeout();
        var settings = new DeliveryEngine.Settings(configuration.getBatchSize(), configuration.effectiveBatchMaxBytes(),
                configuration.getBatchTimeout(), batchIdle, configuration.getMaxConcurrentRequests(),
                configuration.getMaxPendingBytes(), configuration.getDeliveryTimeout(), configuration.getMaxRetries(),
                configuration.getRetryBackoff(), configuration.getMaxRetryBackoff());
        engine = new DeliveryEngine(settings, transport,
                HttpClientFactory.create(java.time.Duration.ofMillis(configuration.getConnectTimeout()),
                        configuration.getProxyHost(), configuration.getProxyPort(), endpoint.sslContext()),
                scheduler, workers, this::deadLetter, System::nanoTime, Clock.systemUTC());
        endpoint.setEngine(engine);
        endpoint.getComponent().producerStarted(this);
        // null unless camel-health is present
        healthCheckRepository = HealthCheckHelper.getHealthCheckRepository(getEndpoint().getCamelContext(), "producers",
                WritableHealthCheckRepository.class);
        if (healthCheckRepository != null) {
            healthCheck = new LogAnalyticsProducerHealthCheck(endpoint, endpoint.getId());
            healthCheck.setEnabled(endpoint.getComponent().isHealthCheckProducerEnabled());
            healthCheckRepository.addHealthCheck(healthCheck);
        }
        LOG.info("Log Analytics producer for {} started: {} to {}, {} delivery", configuration.getLogType(),
                configuration.getApi(), transport.target(), configuration.getDeliveryMode());
    }

    /**
     * Sends every open batch now. The context is stopping: acknowledged exchanges in flight are waiting for their
     * batches, and Camel waits for those exchanges before it stops this producer.
     */
    void flushForShutdown() {
        DeliveryEngine delivering = engine;
        if (delivering != null) {
            delivering.flush();
        }
    }

    @Override
    protected void doStop() throws Exception {
        endpoint.getComponent().producerStopped(this);
        if (healthCheckRepository != null && healthCheck != null) {
            healthCheckRepository.removeHealthCheck(healthCheck);
            healthCheck = null;
        }
        if (engine != null) {
            var shutdown = getEndpoint().getCamelContext().getShutdownStrategy();
            long timeoutMillis = shutdown.getTimeUnit().toMillis(shutdown.getTimeout());
            engine.flush();
            if (!engine.awaitIdle(timeoutMillis)) {
                LOG.warn("Records still undelivered after {} ms; failing them", timeoutMillis);
            }
            engine.close("the producer stopped before the service accepted the records");
            engine = null;
        }
        var executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        if (scheduler != null) {
            executors.shutdownNow(scheduler);
            scheduler = null;
        }
        if (workers != null) {
            executors.shutdownGraceful(workers);
            workers = null;
        }
        if (deadLetterTemplate != null) {
            deadLetterTemplate.stop();
            deadLetterTemplate = null;
        }
        super.doStop();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        DeliveryEngine delivering = engine;
        try {
            if (delivering == null || !isRunAllowed()) {
                throw new LogAnalyticsException("Cannot send to Log Analytics: the producer is not running", exchange, 0,
                        null, null, 0, true, null);
            }
            BatchKey key = batchKey(exchange);
            List<byte[]> records = encoder.encode(exchange, key.logType());
            if (records.isEmpty()) {
                exchange.getMessage().setHeader(LogAnalyticsConstants.RECORD_COUNT, 0);
                callback.done(true);
                return true;
            }
            boolean queued = configuration.getDeliveryMode() == DeliveryMode.queued;
            long bytes = 0;
            for (byte[] record : records) {
                bytes += record.length;
            }
            long overhead = queued ? 0 : PENDING_EXCHANGE_OVERHEAD;
            if (!delivering.reserve(bytes + overhead, configuration.getOfferTimeout())) {
                String why = delivering.isClosed()
                        ? "Cannot send to Log Analytics: the producer is stopping" : noRoomMessage(bytes + overhead);
                throw new LogAnalyticsException(why, exchange, 0, null, null, 0, true, null);
            }
            RecordListener listener = queued
                    ? RecordListener.NONE
                    : new ExchangeCompletion(exchange, callback, key.logType(), records.size());
            try {
                delivering.offer(key, records, listener, overhead);
            } catch (IllegalStateException stopped) {
                delivering.unreserve(bytes + overhead);
                throw new LogAnalyticsException("Cannot send to Log Analytics: " + stopped.getMessage(), exchange, 0,
                        null, null, 0, true, null);
            }
            if (queued) {
                exchange.getMessage().setHeader(LogAnalyticsConstants.RECORD_COUNT, records.size());
                callback.done(true);
                return true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.setException(e);
        } catch (Exception e) {
            exchange.setException(e);
        }
        callback.done(true);
        return true;
    }

    private String noRoomMessage(long bytes) {
        if (bytes > configuration.getMaxPendingBytes()) {
            return "Cannot send to Log Analytics: the exchange's records take " + bytes
                   + " bytes, more than maxPendingBytes (" + configuration.getMaxPendingBytes() + ")";
        }
        return "Cannot send to Log Analytics: no room under maxPendingBytes (" + configuration.getMaxPendingBytes()
               + ") within offerTimeout (" + configuration.getOfferTimeout()
               + " ms); the service is slower than the route, or unreachable";
    }

    /** The batch this exchange's records join: the endpoint's settings, overridden by the exchange's headers. */
    private BatchKey batchKey(Exchange exchange) throws InvalidRecordException {
        Message message = exchange.getMessage();
        String logType = header(message, LogAnalyticsConstants.LOG_TYPE, configuration.getLogType());
        if (logType == null || !LOG_TYPE.matcher(logType).matches()) {
            throw new InvalidRecordException("Cannot send to Log Analytics: the logType '" + printable(logType)
                                             + "' must be 1 to 100 letters, digits or underscores", exchange);
        }
        String timeField = header(message, LogAnalyticsConstants.TIME_GENERATED_FIELD,
                configuration.getTimeGeneratedField());
        if (timeField != null && !PROPERTY_NAME.matcher(timeField).matches()) {
            throw new InvalidRecordException("Cannot send to Log Analytics: the timeGeneratedField '"
                                             + printable(timeField) + "' is not a valid property name", exchange);
        }
        String resourceId = header(message, LogAnalyticsConstants.RESOURCE_ID, configuration.getResourceId());
        if (resourceId != null && !RESOURCE_ID.matcher(resourceId).matches()) {
            throw new InvalidRecordException("Cannot send to Log Analytics: the resourceId '" + printable(resourceId)
                                             + "' is not an Azure resource id (/subscriptions/...)", exchange);
        }
        return new BatchKey(logType, timeField, resourceId);
    }

    private static String header(Message message, String name, String fallback) {
        String value = message.getHeader(name, String.class);
        return value != null && !value.isEmpty() ? value : fallback;
    }

    private static String printable(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > 120 ? value.substring(0, 120) + "…" : value;
        return shown.replaceAll("[\\p{Cntrl}]", "?");
    }

    /** Hands the records of a failed batch to the dead letter endpoint, if one is configured. */
    private void deadLetter(Batch batch, DeliveryFailure failure) {
        ProducerTemplate template = deadLetterTemplate;
        if (template == null) {
            return;
        }
        try {
            Exchange result = template.send(configuration.getDeadLetterUri(), dead -> {
                Message message = dead.getMessage();
                message.setBody(new String(batch.body(), StandardCharsets.UTF_8));
                message.setHeader(LogAnalyticsConstants.LOG_TYPE, batch.key().logType());
                if (batch.key().timeGeneratedField() != null) {
                    message.setHeader(LogAnalyticsConstants.TIME_GENERATED_FIELD, batch.key().timeGeneratedField());
                }
                if (batch.key().resourceId() != null) {
                    message.setHeader(LogAnalyticsConstants.RESOURCE_ID, batch.key().resourceId());
                }
                message.setHeader(LogAnalyticsConstants.RECORD_COUNT, batch.recordCount());
                if (failure.statusCode() > 0) {
                    message.setHeader(LogAnalyticsConstants.STATUS_CODE, failure.statusCode());
                }
                if (failure.errorCode() != null) {
                    message.setHeader(LogAnalyticsConstants.ERROR_CODE, failure.errorCode());
                }
                message.setHeader(LogAnalyticsConstants.ERROR_MESSAGE, failure.reason());
                message.setHeader(LogAnalyticsConstants.ATTEMPTS, failure.attempts());
            });
            if (result.getException() != null) {
                LOG.error("The dead letter endpoint failed to take {} records of logType {}: {}", batch.recordCount(),
                        batch.key().logType(), result.getException().getMessage());
            }
        } catch (RuntimeException e) {
            LOG.error("Cannot hand {} failed records of logType {} to the dead letter endpoint: {}",
                    batch.recordCount(), batch.key().logType(), e.getMessage());
        }
    }
}
