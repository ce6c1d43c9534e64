package io.github.camelloganalytics.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.github.camelloganalytics.batch.Batch;
import io.github.camelloganalytics.batch.BatchAccumulator;
import io.github.camelloganalytics.batch.BatchKey;
import io.github.camelloganalytics.batch.DeliveryFailure;
import io.github.camelloganalytics.batch.PendingBytesLimiter;
import io.github.camelloganalytics.batch.RecordListener;
import io.github.camelloganalytics.record.HeapFootprint;
import io.github.camelloganalytics.transport.CredentialException;
import io.github.camelloganalytics.transport.IngestionTransport;
import io.github.camelloganalytics.transport.PreparedRequest;
import io.github.camelloganalytics.transport.RequestSender;
import io.github.camelloganalytics.transport.ServiceResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves records from the accumulator to the service: takes batches as they fall due while fewer than the
 * {@link ConcurrencyLimit} allows are being delivered, and hands each to a {@link BatchDelivery}. Stopping sends every
 * open batch at once and settles everything by one deadline. The same engine serves both APIs: only the
 * {@link IngestionTransport} differs.
 */
public final class DeliveryEngine {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);

    static final String HAND_OVER_TIMED_OUT = "the dead letter endpoint did not take the records before the stop deadline";

    /** Where an adaptive limit starts: the fixed limit of earlier versions, which holds at short round trips. */
    static final int INITIAL_CONCURRENCY = 4;

    private final BatchAccumulator accumulator;
    private final PendingBytesLimiter room;
    private final long maxPendingBytes;
    private final DeadLetterHandOvers handOvers;
    private final FailureLog failureLog;
    private final RequestPath path;
    private final RetryPolicy retry;
    private final ServiceLimits limits;
    private final StopDeadline stop = new StopDeadline();
    private final Reporting reporting;
    private final DeliveryThreads threads;
    // the latest transient failure of any batch since the service last accepted one
    private final AtomicReference<DeliveryFailure> serviceError = new AtomicReference<>();
    private final ConcurrencyLimit concurrency;
    private final Set<BatchDelivery> active = ConcurrentHashMap.newKeySet();

    // guarded by lock
    private final Object lock = new Object();
    private int inFlight;
    private boolean flushing;
    // open batches were asked for while requests were in flight: they go once those are answered
    private boolean sendOpenWhenAnswered;
    private boolean closed;
    private ScheduledFuture<?> timer;
    private long timerDueNanos = Long.MAX_VALUE;
    private int lastLimit = -1;

    /**
     * @param deadLetter where failed records go, or null
     */
    public DeliveryEngine(Settings settings, IngestionTransport transport, RequestSender sender,
                          ScheduledExecutorService scheduler, Executor workers, DeadLetterSink deadLetter,
                          DeliveryStatistics statistics, LongSupplier nanoClock, Clock clock) {
        this(settings, transport, sender, scheduler, workers, deadLetter, statistics, nanoClock, clock,
                ServiceLimits.own(nanoClock.getAsLong()));
    }

    /**
     * @param deadLetter where failed records go, or null
     * @param limits     what the service imposes on the target, shared with the other engines sending there
     */
    public DeliveryEngine(Settings settings, IngestionTransport transport, RequestSender sender,
                          ScheduledExecutorService scheduler, Executor workers, DeadLetterSink deadLetter,
                          DeliveryStatistics statistics, LongSupplier nanoClock, Clock clock, ServiceLimits limits) {
        this.accumulator = new BatchAccumulator(settings.batchSize(), settings.batchMaxBytes(),
                TimeUnit.MILLISECONDS.toNanos(settings.batchTimeoutMillis()),
                TimeUnit.MILLISECONDS.toNanos(settings.batchIdleMillis()));
        this.room = new PendingBytesLimiter(settings.maxPendingBytes(), statistics::pendingChanged);
        this.maxPendingBytes = settings.maxPendingBytes();
        this.handOvers = new DeadLetterHandOvers(deadLetter, statistics, this::wakeWaiters);
        this.concurrency = settings.adaptiveConcurrency()
                ? ConcurrencyLimit.adaptive(INITIAL_CONCURRENCY, settings.maxConcurrentRequests(), nanoClock.getAsLong())
                : ConcurrencyLimit.fixed(settings.maxConcurrentRequests());
        this.failureLog = new FailureLog(nanoClock);
        this.path = new RequestPath(transport, sender,
                new ResponseClassifier(settings.successStatus(), settings.apiName(), settings.proxyAddress(),
                        settings.connectTimeoutMillis(), clock, settings.refusalHints()),
                TimeUnit.MILLISECONDS.toNanos(settings.requestTimeoutMillis()));
        this.retry = new RetryPolicy(settings.maxRetries(), settings.retryBackoffMillis(),
                settings.maxRetryBackoffMillis(), settings.deliveryTimeoutMillis());
        this.limits = limits;
        this.reporting = new Reporting(new BatchSettler(room, statistics, handOvers, failureLog, clock), failureLog,
                statistics);
        this.threads = new DeliveryThreads(scheduler, workers, nanoClock);
    }

    /**
     * Engine settings, taken from the endpoint configuration.
     *
     * @param batchSize             most records per request
     * @param batchMaxBytes         most body bytes per request
     * @param batchTimeoutMillis    longest wait for a batch to fill
     * @param batchIdleMillis       longest wait for a batch that no record joined meanwhile
     * @param maxConcurrentRequests batches being delivered at once, the ceiling of an adaptive limit
     * @param adaptiveConcurrency   whether the limit follows the service's answers
     * @param maxPendingBytes       bound on what records not yet settled hold
     * @param deliveryTimeoutMillis longest time from a batch's first record to its outcome
     * @param requestTimeoutMillis  longest time for one attempt, response included
     * @param connectTimeoutMillis  longest wait for a connection, for messages
     * @param maxRetries            retries per batch
     * @param retryBackoffMillis    backoff base
     * @param maxRetryBackoffMillis backoff ceiling
     * @param successStatus         the API's answer to an accepted request
     * @param apiName               the API, for messages
     * @param proxyAddress          host:port of the configured proxy, or null
     * @param refusalHints          what the API's refusals mean
     */
    public record Settings(int batchSize, int batchMaxBytes, long batchTimeoutMillis, long batchIdleMillis,
            int maxConcurrentRequests, boolean adaptiveConcurrency, long maxPendingBytes, long deliveryTimeoutMillis, long requestTimeoutMillis,
            long connectTimeoutMillis, int maxRetries, long retryBackoffMillis, long maxRetryBackoffMillis,
            int successStatus, String apiName, String proxyAddress, RefusalHints refusalHints) {
    }

    /** What became of records offered to the engine. */
    public enum Admission {
        /** Taken: the listener will hear of every record's outcome. */
        ADMITTED,
        /** No room under maxPendingBytes within the offer timeout. */
        NO_ROOM,
        /** More than maxPendingBytes on their own: they can never fit. */
        TOO_LARGE,
        /** The engine is stopping and takes no more records. */
        CLOSED
    }

    /**
     * Takes one exchange's records if there is room for them, waiting for room up to the timeout. The room is what
     * {@link HeapFootprint} estimates the records hold, plus {@code exchangeBytes} for what the exchange keeps alive
     * besides; it goes back batch by batch as they settle, before their listeners hear of it, {@code exchangeBytes}
     * with the batch holding the last record. Records that are not admitted are not taken and hold nothing.
     *
     * @param listener hears the outcome of each record, if admitted
     */
    public Admission admit(BatchKey key, List<byte[]> records, RecordListener listener, long exchangeBytes,
                           long offerTimeoutMillis) throws InterruptedException {
        long bytes = HeapFootprint.ofRecords(records, exchangeBytes);
        if (bytes > maxPendingBytes) {
            return Admission.TOO_LARGE;
        }
        if (!room.acquire(bytes, offerTimeoutMillis)) {
            return room.isClosed() ? Admission.CLOSED : Admission.NO_ROOM;
        }
        List<Batch> toSend;
        synchronized (lock) {
            if (closed) {
                toSend = null;
            } else {
                long now = threads.nanoClock().getAsLong();
                int last = records.size() - 1;
                for (int i = 0; i <= last; i++) {
                    accumulator.add(key, records.get(i), listener, i == last ? exchangeBytes : 0, now);
                }
                toSend = takeSendable(now, flushing);
            }
        }
        if (toSend == null) {
            room.release(bytes);
            return Admission.CLOSED;
        }
        start(toSend);
        return Admission.ADMITTED;
    }

    /**
     * Records that were not admitted go to the dead letter endpoint, as those of a failed batch do, so that no record
     * of a failed exchange is lost when one is configured; {@code then} hears null once the endpoint took them, else
     * why not (at once when there is none). Never waits for the dead letter endpoint.
     */
    public void refused(BatchKey key, List<byte[]> records, DeliveryFailure why, Consumer<Exception> then) {
        reporting.settler().refused(Batch.of(key, records, threads.nanoClock().getAsLong()), why, then);
    }

    /**
     * Asks the service once whether it takes records of the key's target: an empty request, judged as any answer is.
     * Blocks up to the request timeout; for a start-up check, before any record is taken.
     *
     * @return null when the service accepted it, else why not: final for a refusal (a credential, a role, an unknown
     *         rule or stream), retryable when the service could not be reached or answered later-please
     */
    public DeliveryFailure checkTarget(BatchKey key) throws InterruptedException {
        Batch empty = Batch.of(key, List.of(), threads.nanoClock().getAsLong());
        String target = path.transport().target(key.logType());
        PreparedRequest prepared;
        try {
            prepared = path.transport().prepare(empty);
        } catch (CredentialException e) {
            return DeliveryFailure.of("no credential for the request: " + e.getMessage(), target, 0, e.isRetryable());
        }
        long timeoutNanos = path.requestTimeoutNanos();
        AttemptOutcome outcome;
        try {
            ServiceResponse answer = path.sender().send(prepared.request(), Duration.ofNanos(timeoutNanos))
                    .get(timeoutNanos + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
            outcome = path.classifier().classify(answer, target, 1);
        } catch (ExecutionException e) {
            outcome = path.classifier().classify(e.getCause(), target, 1);
        } catch (TimeoutException e) {
            outcome = path.classifier().classify(new java.net.http.HttpTimeoutException("no answer"), target, 1);
        }
        if (outcome instanceof AttemptOutcome.Accepted) {
            return null;
        }
        if (outcome instanceof AttemptOutcome.Transient failed) {
            return failed.failure();
        }
        return outcome instanceof AttemptOutcome.Refused refused
                ? refused.failure() : ((AttemptOutcome.CredentialRefused) outcome).failure();
    }

    /** Whether refused records have a dead letter endpoint to go to. */
    public boolean hasDeadLetterEndpoint() {
        return handOvers.configured();
    }

    /**
     * Sends the open batches before they fall due: the caller knows that nothing will join them before they are
     * answered. As in Nagle's algorithm, they go now when no request is in flight, else as soon as the requests in
     * flight were answered, so that callers arriving one by one share a request per round trip instead of taking one
     * each (at a steady 2,000 records a second that was 200 requests a second: a data collection rule's whole quota).
     * Batches that find no free slot keep filling as usual.
     */
    public void sendOpenBatches() {
        synchronized (lock) {
            if (inFlight > 0) {
                sendOpenWhenAnswered = true;
                return;
            }
        }
        dispatch(true);
    }

    /** Sends every open batch without waiting for it to fill. */
    public void flush() {
        synchronized (lock) {
            flushing = true;
        }
        dispatch();
    }

    /**
     * Begins stopping: every open batch is sent as soon as a slot is free; a batch waiting to be retried gets its
     * next attempt now; no failed attempt is retried any more; whatever has no outcome by the settle deadline fails
     * then, and dead letter hand-overs still under way at the hand-over deadline are given up. Calling it again can
     * only bring the deadlines forward.
     */
    public void beginStop(StopDeadlines deadlines) {
        if (!stop.begin(deadlines)) {
            return;
        }
        StopDeadlines now = stop.deadlines();
        flush();
        active.forEach(BatchDelivery::retryNowIfWaiting);
        long at = threads.nanoClock().getAsLong();
        ScheduledExecutorService scheduler = threads.scheduler();
        try {
            scheduler.schedule(() -> abortUnsettled(BatchDelivery.STOPPED), Math.max(0, now.settleByNanos() - at),
                    TimeUnit.NANOSECONDS);
            scheduler.schedule(() -> handOvers.abandon(HAND_OVER_TIMED_OUT), Math.max(0, now.handOverByNanos() - at),
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Stop deadlines not armed: the scheduler is shut down; close() settles what is left");
        }
    }

    /**
     * Waits until every taken record has an outcome and every dead letter hand-over ended, or the deadline.
     *
     * @return true if everything is settled
     */
    public boolean awaitSettled(long deadlineNanos) throws InterruptedException {
        synchronized (lock) {
            while (inFlight > 0 || !accumulator.isEmpty() || handOvers.underWay() > 0) {
                long remaining = deadlineNanos - threads.nanoClock().getAsLong();
                if (remaining <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, remaining);
            }
            return true;
        }
    }

    /**
     * Stops taking records and fails every record still without an outcome, with the given reason; callers blocked
     * for room are released and fail too. Then waits for the dead letter hand-overs of those failures until
     * {@code handOverByNanos}, gives up on the rest (their records count as lost, their exchanges fail), and logs
     * every loss the log had held back, so that the log accounts for each record JMX counts as lost.
     */
    public void close(String reason, long handOverByNanos) {
        List<Batch> waiting;
        synchronized (lock) {
            closed = true;
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            waiting = accumulator.drain();
        }
        room.close();
        DeliveryFailure failure = DeliveryFailure.of(reason, null, 0, true);
        for (Batch batch : waiting) {
            reporting.settler().failed(batch, failure);
        }
        abortUnsettled(reason);
        try {
            synchronized (lock) {
                while (handOvers.underWay() > 0) {
                    long remaining = handOverByNanos - threads.nanoClock().getAsLong();
                    if (remaining <= 0) {
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, remaining);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        handOvers.abandon(HAND_OVER_TIMED_OUT);
        failureLog.flush();
    }

    private void abortUnsettled(String reason) {
        List<Batch> waiting;
        synchronized (lock) {
            waiting = accumulator.drain();
        }
        DeliveryFailure failure = DeliveryFailure.of(reason, null, 0, true);
        for (Batch batch : waiting) {
            reporting.settler().failed(batch, failure);
        }
        for (BatchDelivery delivery : List.copyOf(active)) {
            delivery.abort(reason);
        }
    }

    /** Starts what may be sent now, and arms the timer for the next batch that falls due. */
    private void dispatch() {
        dispatch(false);
    }

    /** Starts what may be sent now, any open batch if {@code all}. */
    private void dispatch(boolean all) {
        List<Batch> toSend;
        synchronized (lock) {
            if (closed) {
                return;
            }
            toSend = takeSendable(threads.nanoClock().getAsLong(), all || flushing);
        }
        start(toSend);
    }

    /** Takes the batches that may be sent now, any open one if {@code all}; the caller holds the lock. */
    private List<Batch> takeSendable(long now, boolean all) {
        List<Batch> toSend = List.of();
        int limit = concurrency.current();
        if (limit != lastLimit) {
            if (lastLimit > 0 && LOG.isDebugEnabled()) {
                LOG.debug("Requests in flight allowed: {} (was {})", limit, lastLimit);
            }
            lastLimit = limit;
        }
        // the slot limit holds while stopping too: batches that wait for a slot keep filling, so records that arrive
        // during the stop still travel in full requests
        while (inFlight < limit) {
            Batch batch = accumulator.poll(now, all);
            if (batch == null) {
                break;
            }
            inFlight++;
            if (toSend.isEmpty()) {
                toSend = new ArrayList<>(2);
            }
            toSend.add(batch);
        }
        if (inFlight < limit) {
            armTimer(accumulator.nextDueNanos(), now);
        } else if (concurrency.listensForWant()
                   && (all ? !accumulator.isEmpty() : isDue(accumulator.nextDueNanos(), now))) {
            concurrency.wanted();
        }
        return toSend;
    }

    private static boolean isDue(long dueNanos, long now) {
        return dueNanos == Long.MIN_VALUE || (dueNanos != Long.MAX_VALUE && dueNanos - now <= 0);
    }

    /** Starts deliveries of batches taken from the accumulator; called outside the lock. */
    private void start(List<Batch> batches) {
        if (batches.isEmpty()) {
            // the common case of an admission: no iterator for nothing
            return;
        }
        for (Batch batch : batches) {
            BatchDelivery delivery = new BatchDelivery(batch, path, retry, limits, concurrency, stop, reporting, threads,
                    serviceError, this::settled);
            active.add(delivery);
            reporting.statistics().deliveryStarted();
            delivery.start();
        }
    }

    private void settled(BatchDelivery delivery) {
        if (active.remove(delivery)) {
            reporting.statistics().deliveryEnded();
        }
        boolean sendOpen;
        synchronized (lock) {
            inFlight--;
            sendOpen = sendOpenWhenAnswered && inFlight == 0;
            if (sendOpen) {
                sendOpenWhenAnswered = false;
            }
            lock.notifyAll();
        }
        dispatch(sendOpen);
    }

    private void wakeWaiters() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void armTimer(long dueNanos, long now) {
        if (dueNanos == Long.MAX_VALUE || (timer != null && timerDueNanos <= dueNanos)) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        timerDueNanos = dueNanos;
        try {
            long delay = dueNanos == Long.MIN_VALUE ? 0 : Math.max(0, dueNanos - now);
            timer = threads.scheduler().schedule(this::onTimer, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Batch timer not armed: the scheduler is shut down");
        }
    }

    private void onTimer() {
        synchronized (lock) {
            // this timer is spent: the dispatch below must be free to arm the next one
            timer = null;
            timerDueNanos = Long.MAX_VALUE;
        }
        dispatch();
    }

    /** Requests that may be in flight now: the fixed limit, or where the adaptive one stands. */
    public int concurrencyLimit() {
        return concurrency.current();
    }

    /** Batches taken and not yet settled. */
    public int inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    /** Batches not yet settled: taken and being delivered, or still open. */
    public int unsettledBatches() {
        synchronized (lock) {
            return inFlight + accumulator.batchCount();
        }
    }

    /** Records waiting in batches not yet taken. */
    public int queuedRecords() {
        synchronized (lock) {
            return accumulator.pendingRecords();
        }
    }
}
