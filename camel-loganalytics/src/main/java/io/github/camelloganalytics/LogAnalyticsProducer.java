package io.github.camelloganalytics;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;

import io.github.camelloganalytics.batch.Batch;
import io.github.camelloganalytics.batch.BatchKey;
import io.github.camelloganalytics.batch.RecordListener;
import io.github.camelloganalytics.delivery.DeliveryEngine;
import io.github.camelloganalytics.record.EncodedBody;
import io.github.camelloganalytics.record.HeapFootprint;
import io.github.camelloganalytics.record.RecordEncoder;
import io.github.camelloganalytics.transport.HttpClientSettings;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.spi.RouteIdAware;
import org.apache.camel.support.DefaultAsyncProducer;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the records of each exchange into per-type batches and completes the exchange when the service has accepted
 * them (acknowledged) or as soon as they are buffered (queued). Exchanges whose body or headers cannot become
 * records fail at once; no other exchange is affected.
 */
public class LogAnalyticsProducer extends DefaultAsyncProducer implements RouteIdAware {

    private static final Logger LOG = LoggerFactory.getLogger(LogAnalyticsProducer.class);

    private static final String STOPPED = "the producer stopped before the service accepted the records";

    private final LogAnalyticsEndpoint endpoint;
    private final LogAnalyticsConfiguration configuration;
    private final RecordTargets targets;
    private volatile DeliveryEngine engine;
    private RecordEncoder encoder;
    private DeliveryResources resources;
    private HttpClientSettings clientSettings;
    private DeadLetterHandover deadLetter;
    private WaitingCallers callers;
    private String routeId;
    private volatile long stopDeadlineNanos;
    private volatile boolean stopping;

    public LogAnalyticsProducer(LogAnalyticsEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.configuration = endpoint.getConfiguration();
        this.targets = new RecordTargets(configuration);
    }

    @Override
    public LogAnalyticsEndpoint getEndpoint() {
        return endpoint;
    }

    @Override
    public String getRouteId() {
        return routeId;
    }

    @Override
    public void setRouteId(String routeId) {
        this.routeId = routeId;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        var context = endpoint.getCamelContext();
        DeliveryAssembly assembly = new DeliveryAssembly(configuration);
        var transport = assembly.transport(context);
        encoder = new RecordEncoder(assembly.recordRules(), endpoint.fieldLimitMonitor());
        deadLetter = assembly.deadLetter(context);
        ServiceHelper.startService(deadLetter);
        resources = endpoint.getComponent().acquireResources();
        callers = endpoint.getComponent().waitingCallers();
        clientSettings = assembly.httpClientSettings(endpoint);
        HttpClient client = resources.httpClients().acquire(clientSettings);
        engine = new DeliveryEngine(assembly.engineSettings(), transport, assembly.sender(client, resources),
                resources.scheduler(), resources.workers(), deadLetter, endpoint.statistics(), System::nanoTime,
                Clock.systemUTC());
        endpoint.producerStarted(this);
        LOG.info("Log Analytics producer for {} started: {} to {}, {} delivery", configuration.getLogType(),
                configuration.getApi(), transport.target(configuration.getLogType()), configuration.getDeliveryMode());
    }

    /**
     * The route or the context is stopping: every open batch is sent now, and whatever has no outcome by the deadline
     * fails then, while Camel still routes its exchanges and dead letters.
     */
    synchronized void beginStop(long deadlineNanos) {
        if (!stopping || deadlineNanos - stopDeadlineNanos < 0) {
            stopping = true;
            stopDeadlineNanos = deadlineNanos;
        }
        DeliveryEngine delivering = engine;
        if (delivering != null) {
            delivering.drain(stopDeadlineNanos);
        }
    }

    /** Requests this producer may have in flight now. */
    int concurrencyLimit() {
        DeliveryEngine delivering = engine;
        return delivering == null ? 0 : delivering.concurrencyLimit();
    }

    /** Batches open or being delivered: what a stop must still settle. */
    int unsettledBatches() {
        DeliveryEngine delivering = engine;
        return delivering == null ? 0 : delivering.unsettledBatches();
    }

    /** Camel gave up waiting: whatever has no outcome fails now. */
    void stopNow() {
        beginStop(System.nanoTime());
    }

    @Override
    protected void doStop() throws Exception {
        DeliveryEngine delivering = engine;
        try {
            if (delivering != null) {
                // Camel stops producers while forcing a timed-out shutdown too: then waiting would only delay it
                boolean forced = endpoint.getCamelContext().getShutdownStrategy().isTimeoutOccurred();
                beginStop(forced ? System.nanoTime() : endpoint.getComponent().stopDeadlineNanos());
                long deadline = stopDeadlineNanos;
                if (!delivering.awaitSettled(deadline)) {
                    LOG.warn("Records of logType {} still undelivered at the stop deadline; failing them",
                            configuration.getLogType());
                }
            }
        } catch (InterruptedException e) {
            // Camel forces the stop: settle everything now, then let it go on
            Thread.currentThread().interrupt();
        } finally {
            engine = null;
            stopping = false;
            if (delivering != null) {
                delivering.close(STOPPED);
            }
            endpoint.producerStopped(this);
            if (resources != null) {
                resources.httpClients().release(clientSettings);
                endpoint.getComponent().releaseResources();
                resources = null;
            }
            ServiceHelper.stopAndShutdownService(deadLetter);
            deadLetter = null;
            super.doStop();
        }
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        DeliveryEngine delivering = engine;
        try {
            if (delivering == null || !isRunAllowed()) {
                throw new LogAnalyticsException("Cannot send to Log Analytics: the producer is not running", exchange, 0,
                        null, null, 0, true, null);
            }
            BatchKey key = targets.keyOf(exchange);
            EncodedBody encoded = encoder.encode(exchange, key.logType());
            List<byte[]> records = encoded.records();
            if (records.isEmpty()) {
                exchange.getMessage().setHeader(LogAnalyticsConstants.RECORD_COUNT, 0);
                callback.done(true);
                return true;
            }
            boolean queued = configuration.getDeliveryMode() == DeliveryMode.queued;
            long bytes = 0;
            for (byte[] record : records) {
                bytes += Batch.heldBytesOf(record);
            }
            // a waiting exchange keeps itself and its body alive until the service answers
            long overhead = queued ? 0 : HeapFootprint.ofWaitingExchange(exchange, encoded.bodyBytes());
            if (!delivering.reserve(bytes + overhead, configuration.getOfferTimeout())) {
                String why = delivering.isClosed()
                        ? "Cannot send to Log Analytics: the producer is stopping" : noRoomMessage(bytes + overhead);
                // an exchange larger than the whole bound will never find room: sending it again cannot help
                boolean retryable = bytes + overhead <= configuration.getMaxPendingBytes();
                throw new LogAnalyticsException(why, exchange, 0, null, null, 0, retryable, null);
            }
            // Camel counts an exchange in flight only once it has a unit of work: count it as waiting likewise
            WaitingCallers waiting = queued || exchange.getUnitOfWork() == null ? null : callers;
            AsyncCallback done = waiting == null ? callback : doneSync -> {
                waiting.left();
                callback.done(doneSync);
            };
            RecordListener listener = queued
                    ? RecordListener.NONE
                    : new ExchangeCompletion(exchange, done, key.logType(), records.size());
            if (waiting != null) {
                waiting.arrived();
            }
            try {
                delivering.offer(key, records, listener, overhead);
            } catch (IllegalStateException stopped) {
                if (waiting != null) {
                    waiting.left();
                }
                delivering.unreserve(bytes + overhead);
                throw new LogAnalyticsException("Cannot send to Log Analytics: " + stopped.getMessage(), exchange, 0,
                        null, null, 0, true, null);
            }
            if (queued) {
                exchange.getMessage().setHeader(LogAnalyticsConstants.RECORD_COUNT, records.size());
                callback.done(true);
                return true;
            }
            if (waiting != null && waiting.allInFlightAreWaiting()) {
                // nothing running in the context can add a record before these callers are answered
                delivering.sendOpenBatches();
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
            return "Cannot send to Log Analytics: the exchange and its records take " + bytes
                   + " bytes, more than maxPendingBytes (" + configuration.getMaxPendingBytes() + ")";
        }
        return "Cannot send to Log Analytics: no room under maxPendingBytes (" + configuration.getMaxPendingBytes()
               + ") within offerTimeout (" + configuration.getOfferTimeout()
               + " ms); the service is slower than the route, or unreachable";
    }
}
