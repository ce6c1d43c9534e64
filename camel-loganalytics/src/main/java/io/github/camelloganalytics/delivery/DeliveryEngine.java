package io.github.camelloganalytics.delivery;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import io.github.camelloganalytics.batch.Batch;
import io.github.camelloganalytics.batch.BatchAccumulator;
import io.github.camelloganalytics.batch.BatchKey;
import io.github.camelloganalytics.batch.DeliveryFailure;
import io.github.camelloganalytics.batch.PendingBytesLimiter;
import io.github.camelloganalytics.batch.RecordListener;
import io.github.camelloganalytics.transport.IngestionTransport;
import io.github.camelloganalytics.transport.RequestSender;
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

    /** Where an adaptive limit starts: the fixed limit of earlier versions, which holds at short round trips. */
    static final int INITIAL_CONCURRENCY = 4;

    private final BatchAccumulator accumulator;
    private final PendingBytesLimiter room;
    private final DeliveryContext context;
    private final ConcurrencyLimit concurrency;
    private final LongSupplier nanoClock;
    private final ScheduledExecutorService scheduler;
    private final Set<BatchDelivery> active = ConcurrentHashMap.newKeySet();

    // guarded by lock
    private final Object lock = new Object();
    private int inFlight;
    private boolean flushing;
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
        this.accumulator = new BatchAccumulator(settings.batchSize(), settings.batchMaxBytes(),
                TimeUnit.MILLISECONDS.toNanos(settings.batchTimeoutMillis()),
                TimeUnit.MILLISECONDS.toNanos(settings.batchIdleMillis()));
        this.room = new PendingBytesLimiter(settings.maxPendingBytes(), statistics::pendingChanged);
        this.concurrency = settings.adaptiveConcurrency()
                ? ConcurrencyLimit.adaptive(INITIAL_CONCURRENCY, settings.maxConcurrentRequests(), nanoClock.getAsLong())
                : ConcurrencyLimit.fixed(settings.maxConcurrentRequests());
        this.nanoClock = nanoClock;
        this.scheduler = scheduler;
        FailureLog failureLog = new FailureLog(nanoClock);
        this.context = new DeliveryContext(transport, sender,
                new ResponseClassifier(settings.successStatus(), settings.apiName(), settings.proxyAddress(),
                        settings.connectTimeoutMillis(), clock),
                new RetryPolicy(settings.maxRetries(), settings.retryBackoffMillis(), settings.maxRetryBackoffMillis()),
                new BatchSettler(room, statistics, deadLetter, failureLog, clock), failureLog, statistics, scheduler,
                workers, nanoClock, TimeUnit.MILLISECONDS.toNanos(settings.deliveryTimeoutMillis()),
                TimeUnit.MILLISECONDS.toNanos(settings.requestTimeoutMillis()), new StopDeadline(),
                new ServiceHold(nanoClock.getAsLong()), concurrency, new AtomicReference<>());
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
     */
    public record Settings(int batchSize, int batchMaxBytes, long batchTimeoutMillis, long batchIdleMillis,
            int maxConcurrentRequests, boolean adaptiveConcurrency, long maxPendingBytes, long deliveryTimeoutMillis, long requestTimeoutMillis,
            long connectTimeoutMillis, int maxRetries, long retryBackoffMillis, long maxRetryBackoffMillis,
            int successStatus, String apiName, String proxyAddress) {
    }

    /**
     * Reserves room for records about to be offered, blocking up to the timeout.
     *
     * @return false if no room was found in time or the engine is closed
     */
    public boolean reserve(long bytes, long timeoutMillis) throws InterruptedException {
        return room.acquire(bytes, timeoutMillis);
    }

    /** Gives back room reserved for records that will not be offered after all. */
    public void unreserve(long bytes) {
        room.release(bytes);
    }

    /** Whether the engine stopped taking records. */
    public boolean isClosed() {
        return room.isClosed();
    }

    /**
     * Takes records whose room was reserved; the listener hears of each record's outcome. The room goes back batch by
     * batch as they settle, before their listeners hear of it; {@code exchangeBytes}, reserved besides the records,
     * goes back with the batch holding the last record.
     *
     * @throws IllegalStateException if the engine is closed; the records are then not taken
     */
    public void offer(BatchKey key, List<byte[]> records, RecordListener listener, long exchangeBytes) {
        List<Batch> toSend;
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the producer is stopping");
            }
            long now = nanoClock.getAsLong();
            int last = records.size() - 1;
            for (int i = 0; i <= last; i++) {
                accumulator.add(key, records.get(i), listener, i == last ? exchangeBytes : 0, now);
            }
            toSend = takeSendable(now, flushing);
        }
        start(toSend);
    }

    /**
     * Sends the open batches now, as far as request slots allow, instead of when they fall due: the caller knows that
     * nothing will join them before they are answered. Batches that find no free slot keep filling as usual.
     */
    public void sendOpenBatches() {
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
     * next attempt now; no failed attempt is retried any more; and whatever has no outcome by {@code deadlineNanos}
     * fails then. Calling it again can only bring the deadline forward.
     */
    public void drain(long deadlineNanos) {
        if (!context.stop().begin(deadlineNanos)) {
            return;
        }
        flush();
        active.forEach(BatchDelivery::retryNowIfWaiting);
        long delay = Math.max(0, deadlineNanos - nanoClock.getAsLong());
        try {
            scheduler.schedule(() -> abortUnsettled(BatchDelivery.STOPPED), delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Stop deadline not armed: the scheduler is shut down; close() settles what is left");
        }
    }

    /**
     * Waits until every taken record has an outcome, or the deadline.
     *
     * @return true if everything is settled
     */
    public boolean awaitSettled(long deadlineNanos) throws InterruptedException {
        synchronized (lock) {
            while (inFlight > 0 || !accumulator.isEmpty()) {
                long remaining = deadlineNanos - nanoClock.getAsLong();
                if (remaining <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, remaining);
            }
            return true;
        }
    }

    /**
     * Stops taking records and fails every record still without an outcome, with the given reason. Callers blocked
     * for room are released and fail too.
     */
    public void close(String reason) {
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
            context.settler().failed(batch, failure);
        }
        abortUnsettled(reason);
    }

    private void abortUnsettled(String reason) {
        List<Batch> waiting;
        synchronized (lock) {
            waiting = accumulator.drain();
        }
        DeliveryFailure failure = DeliveryFailure.of(reason, null, 0, true);
        for (Batch batch : waiting) {
            context.settler().failed(batch, failure);
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
            toSend = takeSendable(nanoClock.getAsLong(), all || flushing);
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
        for (Batch batch : batches) {
            BatchDelivery delivery = new BatchDelivery(batch, context, this::settled);
            active.add(delivery);
            context.statistics().deliveryStarted();
            delivery.start();
        }
    }

    private void settled(BatchDelivery delivery) {
        if (active.remove(delivery)) {
            context.statistics().deliveryEnded();
        }
        synchronized (lock) {
            inFlight--;
            lock.notifyAll();
        }
        dispatch();
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
            timer = scheduler.schedule(this::onTimer, delay, TimeUnit.NANOSECONDS);
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

    /** Bytes this engine holds under maxPendingBytes. */
    public long pendingBytes() {
        return room.pendingBytes();
    }
}
