package io.github.camelloganalytics;

import java.util.List;

import io.github.camelloganalytics.batch.BatchKey;
import io.github.camelloganalytics.batch.DeliveryFailure;
import io.github.camelloganalytics.batch.RecordListener;
import io.github.camelloganalytics.delivery.DeliveryEngine;
import io.github.camelloganalytics.delivery.DeliveryEngine.Admission;
import io.github.camelloganalytics.delivery.StopDeadlines;
import io.github.camelloganalytics.record.EncodedBody;
import io.github.camelloganalytics.record.HeapFootprint;
import io.github.camelloganalytics.record.InvalidBodyException;
import io.github.camelloganalytics.record.RecordEncoder;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.spi.RouteIdAware;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Takes the records of each exchange into its endpoint's batches and completes the exchange when the service has
 * accepted them (acknowledged) or as soon as they are buffered (queued). Exchanges whose body or headers cannot become
 * records fail at once; no other exchange is affected. Every producer of one endpoint hands its records to the same
 * delivery, which owns batching, room and request slots.
 */
public class LogAnalyticsProducer extends DefaultAsyncProducer implements RouteIdAware {

    static final String STOPPED = "the producer stopped before the service accepted the records";

    private final LogAnalyticsEndpoint endpoint;
    private final LogAnalyticsConfiguration configuration;
    private final RecordTargets targets;
    private final boolean queued;
    private final ProducerBacklog backlog = new ProducerBacklog();
    private volatile DeliveryEngine engine;
    private RecordEncoder encoder;
    private WaitingCallers callers;
    private String routeId;

    public LogAnalyticsProducer(LogAnalyticsEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.configuration = endpoint.getConfiguration();
        this.targets = new RecordTargets(configuration);
        this.queued = configuration.getDeliveryMode() == DeliveryMode.queued;
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
        callers = endpoint.getComponent().waitingCallers();
        DeliveryEngine started = endpoint.producerStarted(this);
        encoder = endpoint.encoder();
        engine = started;
    }

    /** Records this producer handed over that have no outcome yet: what stopping its route waits for. */
    long backlog() {
        return backlog.size();
    }

    @Override
    protected void doStop() throws Exception {
        engine = null;
        // Camel stops producers while forcing a timed-out shutdown too: then waiting would only delay it
        StopSchedule schedule = endpoint.getComponent().stopSchedule();
        boolean forced = endpoint.getCamelContext().getShutdownStrategy().isTimeoutOccurred();
        StopDeadlines deadlines = forced ? schedule.immediate() : schedule.current();
        try {
            endpoint.producerStopping(this, deadlines);
            backlog.awaitEmpty(deadlines.settleByNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            endpoint.producerStopped(this, deadlines);
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
            EncodedBody encoded;
            try {
                encoded = encoder.encode(exchange, key.logType(), key.timeGeneratedField());
            } catch (InvalidBodyException e) {
                throw new InvalidRecordException(e.getMessage(), exchange);
            }
            List<byte[]> records = encoded.records();
            if (records.isEmpty()) {
                exchange.getMessage().setHeader(LogAnalyticsConstants.RECORD_COUNT, 0);
                callback.done(true);
                return true;
            }
            return queued
                    ? sendQueued(exchange, callback, delivering, key, records)
                    : sendAcknowledged(exchange, callback, delivering, key, encoded);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.setException(e);
        } catch (Exception e) {
            exchange.setException(e);
        }
        callback.done(true);
        return true;
    }

    private boolean sendQueued(Exchange exchange, AsyncCallback callback, DeliveryEngine delivering, BatchKey key,
                               List<byte[]> records)
            throws InterruptedException {
        backlog.taken(records.size());
        Admission admission = delivering.admit(key, records, backlog, 0, configuration.getOfferTimeout());
        if (admission != Admission.ADMITTED) {
            backlog.settled(records.size());
            return refused(exchange, callback, delivering, key, records, admission, 0);
        }
        exchange.getMessage().setHeader(LogAnalyticsConstants.RECORD_COUNT, records.size());
        callback.done(true);
        return true;
    }

    private boolean sendAcknowledged(Exchange exchange, AsyncCallback callback, DeliveryEngine delivering, BatchKey key,
                                     EncodedBody encoded)
            throws InterruptedException {
        List<byte[]> records = encoded.records();
        int count = records.size();
        // Camel counts an exchange in flight only once it has a unit of work: count it as waiting likewise
        WaitingCallers waiting = exchange.getUnitOfWork() == null ? null : callers;
        RecordListener listener = new ExchangeCompletion(exchange, callback, backlog, waiting, key.logType(), count);
        // a waiting exchange keeps itself and its body alive until the service answers
        long exchangeBytes = HeapFootprint.ofWaitingExchange(exchange, encoded.bodyHeapBytes());
        backlog.taken(count);
        if (waiting != null) {
            waiting.arrived();
        }
        Admission admission = delivering.admit(key, records, listener, exchangeBytes, configuration.getOfferTimeout());
        if (admission != Admission.ADMITTED) {
            backlog.settled(count);
            if (waiting != null) {
                waiting.left();
            }
            return refused(exchange, callback, delivering, key, records, admission, exchangeBytes);
        }
        if (waiting != null && waiting.allInFlightAreWaiting()) {
            // nothing running in the context can add a record before these callers are answered
            delivering.sendOpenBatches();
        }
        return false;
    }

    /**
     * The exchange fails: its records found no room, or the producer is stopping. With a dead letter endpoint, its
     * records go there first, as those of a failed request do, so that a route which commits its input once an
     * exchange completes (a Kafka consumer) never moves past records that are neither landed nor dead-lettered.
     */
    private boolean refused(Exchange exchange, AsyncCallback callback, DeliveryEngine delivering, BatchKey key,
                            List<byte[]> records, Admission admission, long exchangeBytes) {
        long bytes = HeapFootprint.ofRecords(records, exchangeBytes);
        String why = switch (admission) {
            case TOO_LARGE -> "the exchange and its records take " + bytes + " bytes, more than maxPendingBytes ("
                              + configuration.getMaxPendingBytes() + ")";
            case NO_ROOM -> "no room under maxPendingBytes (" + configuration.getMaxPendingBytes()
                            + ") within offerTimeout (" + configuration.getOfferTimeout()
                            + " ms); the service is slower than the route, or unreachable";
            default -> "the producer is stopping";
        };
        // an exchange larger than the whole bound will never find room: sending it again cannot help
        boolean retryable = admission != Admission.TOO_LARGE;
        if (!delivering.hasDeadLetterEndpoint()) {
            exchange.setException(refusal(exchange, why, retryable, ""));
            callback.done(true);
            return true;
        }
        delivering.refused(key, records, DeliveryFailure.of(why, null, 0, retryable), notTaken -> {
            exchange.setException(new LogAnalyticsException("Cannot send to Log Analytics: " + why + (notTaken == null
                    ? "; its " + records.size() + " records were handed to the dead letter endpoint"
                    : "; the dead letter endpoint did not take its records: " + LogAnalyticsException.safeReason(notTaken)),
                    exchange, 0, null, null, 0, retryable, null, notTaken == null));
            callback.done(false);
        });
        return false;
    }

    private static LogAnalyticsException refusal(Exchange exchange, String why, boolean retryable, String deadLetter) {
        return new LogAnalyticsException("Cannot send to Log Analytics: " + why + deadLetter, exchange, 0, null, null, 0,
                retryable, null);
    }
}
