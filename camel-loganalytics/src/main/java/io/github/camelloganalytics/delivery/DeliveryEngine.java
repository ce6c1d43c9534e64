package io.github.camelloganalytics.delivery;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

import io.github.camelloganalytics.batch.Batch;
import io.github.camelloganalytics.batch.BatchAccumulator;
import io.github.camelloganalytics.batch.BatchKey;
import io.github.camelloganalytics.batch.DeliveryFailure;
import io.github.camelloganalytics.batch.PendingBytesLimiter;
import io.github.camelloganalytics.batch.RecordListener;
import io.github.camelloganalytics.transport.CredentialException;
import io.github.camelloganalytics.transport.IngestionTransport;
import io.github.camelloganalytics.transport.PreparedRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves records from the accumulator to the service: at most {@code maxConcurrentRequests} batches in flight, each
 * retried with backoff until accepted, refused for good, or out of time; then every exchange with records in the
 * batch is told the outcome. Response handling and listeners run on the worker executor, never on the HTTP client's
 * threads. The same engine serves both APIs: only the {@link IngestionTransport} differs.
 */
public final class DeliveryEngine {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);

    private final IngestionTransport transport;
    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    private final Executor workers;
    private final RetryPolicy retryPolicy;
    private final BatchAccumulator accumulator;
    private final PendingBytesLimiter pendingBytes;
    private final int maxConcurrentRequests;
    private final long deliveryTimeoutNanos;
    private final BiConsumer<Batch, DeliveryFailure> deadLetter;
    private final LongSupplier nanoClock;
    private final Clock clock;

    private final Object lock = new Object();
    private final Set<Delivery> active = ConcurrentHashMap.newKeySet();
    private int inFlight;
    private boolean flushing;
    private boolean closed;
    private ScheduledFuture<?> timer;
    private long timerDueNanos = Long.MAX_VALUE;

    private final LongAdder requests = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder batchesAccepted = new LongAdder();
    private final LongAdder batchesFailed = new LongAdder();
    private final LongAdder recordsAccepted = new LongAdder();
    private final LongAdder recordsFailed = new LongAdder();
    private volatile DeliveryFailure lastFailure;
    private volatile boolean lastBatchFailed;

    public DeliveryEngine(Settings settings, IngestionTransport transport, HttpClient client,
                          ScheduledExecutorService scheduler, Executor workers,
                          BiConsumer<Batch, DeliveryFailure> deadLetter, LongSupplier nanoClock, Clock clock) {
        this.transport = transport;
        this.client = client;
        this.scheduler = scheduler;
        this.workers = workers;
        this.deadLetter = deadLetter;
        this.nanoClock = nanoClock;
        this.clock = clock;
        this.retryPolicy = new RetryPolicy(settings.maxRetries(), settings.retryBackoffMillis(),
                settings.maxRetryBackoffMillis());
        this.accumulator = new BatchAccumulator(settings.batchSize(), settings.batchMaxBytes(),
                TimeUnit.MILLISECONDS.toNanos(settings.batchTimeoutMillis()),
                TimeUnit.MILLISECONDS.toNanos(settings.batchIdleMillis()));
        this.pendingBytes = new PendingBytesLimiter(settings.maxPendingBytes());
        this.maxConcurrentRequests = settings.maxConcurrentRequests();
        this.deliveryTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(settings.deliveryTimeoutMillis());
    }

    /**
     * Engine settings, taken from the endpoint configuration.
     *
     * @param batchSize                 most records per request
     * @param batchMaxBytes             most body bytes per request
     * @param batchTimeoutMillis        longest wait for a batch to fill
     * @param batchIdleMillis           longest wait for a batch that no record joined meanwhile
     * @param maxConcurrentRequests     requests in flight at once
     * @param maxPendingBytes           bound on record bytes not yet settled
     * @param deliveryTimeoutMillis     longest time from a batch's first record to its outcome
     * @param maxRetries                retries per request
     * @param retryBackoffMillis        backoff base
     * @param maxRetryBackoffMillis     backoff ceiling
     */
    public record Settings(int batchSize, int batchMaxBytes, long batchTimeoutMillis, long batchIdleMillis,
            int maxConcurrentRequests, long maxPendingBytes, long deliveryTimeoutMillis, int maxRetries,
            long retryBackoffMillis, long maxRetryBackoffMillis) {
    }

    /**
     * Reserves room for records about to be offered, blocking up to the timeout.
     *
     * @return false if no room was found in time or the engine is closed
     */
    public boolean reserve(long bytes, long timeoutMillis) throws InterruptedException {
        return pendingBytes.acquire(bytes, timeoutMillis);
    }

    /** Whether the engine stopped taking records. */
    public boolean isClosed() {
        return pendingBytes.isClosed();
    }

    /** Gives back room reserved for records that will not be offered after all. */
    public void unreserve(long bytes) {
        pendingBytes.release(bytes);
    }

    /**
     * Takes records whose room was reserved; the listener hears of each record's outcome. The room is given back
     * batch by batch as they settle, before their listeners hear of it; {@code exchangeBytes}, reserved besides the
     * records, goes back with the batch holding the last record.
     *
     * @throws IllegalStateException if the engine is closed; the records are then not taken
     */
    public void offer(BatchKey key, List<byte[]> records, RecordListener listener, long exchangeBytes) {
        List<Batch> toSend;
        // one critical section per exchange: take the records and whatever batches they made ready
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the producer is stopped");
            }
            long now = nanoClock.getAsLong();
            int last = records.size() - 1;
            for (int i = 0; i <= last; i++) {
                accumulator.add(key, records.get(i), listener, i == last ? exchangeBytes : 0, now);
            }
            toSend = takeSendable(now);
        }
        start(toSend);
    }

    /** Starts as many batches as there are free slots, and arms the timer for the next batch that falls due. */
    private void dispatch() {
        List<Batch> toSend;
        synchronized (lock) {
            if (closed) {
                return;
            }
            toSend = takeSendable(nanoClock.getAsLong());
        }
        start(toSend);
    }

    /** Takes the batches that may be sent now; the caller holds the lock. */
    private List<Batch> takeSendable(long now) {
        List<Batch> toSend = List.of();
        while (inFlight < maxConcurrentRequests) {
            Batch batch = accumulator.poll(now, flushing);
            if (batch == null) {
                break;
            }
            inFlight++;
            if (toSend.isEmpty()) {
                toSend = new ArrayList<>(2);
            }
            toSend.add(batch);
        }
        if (inFlight < maxConcurrentRequests) {
            armTimer(accumulator.nextDueNanos(), now);
        }
        return toSend;
    }

    /** Starts the delivery of batches taken from the accumulator; called outside the lock. */
    private void start(List<Batch> batches) {
        for (Batch batch : batches) {
            Delivery delivery = new Delivery(batch);
            active.add(delivery);
            delivery.attemptOnWorker();
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
            timer = scheduler.schedule(this::onTimer, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Batch timer not armed: scheduler is shut down");
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

    /** Sends every open batch without waiting for it to fill; used when stopping. */
    public void flush() {
        synchronized (lock) {
            flushing = true;
        }
        dispatch();
    }

    /**
     * Waits until every taken record has an outcome.
     *
     * @return true if idle, false if the timeout passed first
     */
    public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (lock) {
            while (inFlight > 0 || !accumulator.isEmpty()) {
                long remaining = deadline - nanoClock.getAsLong();
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
            }
            waiting = accumulator.drain();
        }
        pendingBytes.close();
        DeliveryFailure failure = new DeliveryFailure(reason, 0, null, null, 0, true, null);
        for (Batch batch : waiting) {
            settleFailed(batch, failure);
        }
        for (Delivery delivery : List.copyOf(active)) {
            delivery.abort(reason);
        }
    }

    private void settleFailed(Batch batch, DeliveryFailure failure) {
        pendingBytes.release(batch.heldBytes());
        batchesFailed.increment();
        recordsFailed.add(batch.recordCount());
        lastFailure = failure;
        lastBatchFailed = true;
        LOG.warn("{} records of logType {} were not delivered: {}", batch.recordCount(), batch.key().logType(),
                failure.reason());
        // dead letter first: when an exchange fails, its records are already with the dead letter endpoint
        try {
            deadLetter.accept(batch, failure);
        } finally {
            batch.failed(failure);
        }
    }

    /** One batch on its way: attempts, waits between them, and its single outcome. */
    private final class Delivery {

        private final Batch batch;
        private final long deadlineNanos;
        private final AtomicBoolean settled = new AtomicBoolean();
        private int attempts;
        private int credentialSwitches;
        private DeliveryFailure lastRetryable;
        private volatile Future<?> pending;

        Delivery(Batch batch) {
            this.batch = batch;
            this.deadlineNanos = batch.createdNanos() + deliveryTimeoutNanos;
        }

        /** Attempts run on the workers: building a request may block (a token fetch) and callers must not wait. */
        void attemptOnWorker() {
            try {
                workers.execute(this::attempt);
            } catch (RejectedExecutionException e) {
                fail(new DeliveryFailure("the producer is stopping", 0, null, null, attempts, true, null));
            }
        }

        void attempt() {
            if (settled.get()) {
                return;
            }
            if (nanoClock.getAsLong() - deadlineNanos >= 0) {
                fail(timedOut());
                return;
            }
            PreparedRequest prepared;
            try {
                prepared = transport.prepare(batch);
            } catch (CredentialException e) {
                DeliveryFailure failure = new DeliveryFailure("no credential for the request: " + e.getMessage(), 0,
                        null, null, attempts, e.isRetryable(), e);
                if (e.isRetryable()) {
                    attempts++;
                    retryOrFail(failure, -1);
                } else {
                    fail(failure);
                }
                return;
            } catch (RuntimeException e) {
                fail(new DeliveryFailure("the request could not be built: " + e.getMessage(), 0, null, null, attempts,
                        false, e));
                return;
            }
            attempts++;
            requests.increment();
            if (LOG.isDebugEnabled()) {
                LOG.debug("Sending {} records ({} bytes) of logType {} to {}, attempt {}", batch.recordCount(),
                        batch.bodyBytes(), batch.key().logType(), transport.target(), attempts);
            }
            if (LOG.isTraceEnabled()) {
                LOG.trace("Request body: {}", new String(batch.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            try {
                pending = client.sendAsync(prepared.request(), HttpResponse.BodyHandlers.ofByteArray())
                        .whenCompleteAsync((response, error) -> onResult(prepared, response, error), workers);
            } catch (RuntimeException e) {
                // the client refuses requests once closed, or rejects a header value
                fail(new DeliveryFailure("the request could not be sent: " + e, 0, null, null, attempts, false, e));
            }
        }

        private void onResult(PreparedRequest prepared, HttpResponse<byte[]> response, Throwable error) {
            if (settled.get()) {
                return;
            }
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof IOException) {
                    String what = cause instanceof HttpTimeoutException ? "no response within requestTimeout" : "I/O error";
                    retryOrFail(new DeliveryFailure(what + ": " + cause, 0, null, null, attempts, true, cause), -1);
                } else {
                    fail(new DeliveryFailure("the request failed: " + cause, 0, null, null, attempts, false, cause));
                }
                return;
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                succeed(status);
                return;
            }
            ServiceReply reply = ServiceReply.of(response.headers(), response.body(), clock);
            if ((status == 401 || status == 403) && credentialSwitches < transport.credentialCount()
                    && transport.credentialRefused(prepared, status)) {
                credentialSwitches++;
                attempt();
                return;
            }
            boolean retryable = RetryPolicy.isRetryable(status);
            DeliveryFailure failure = new DeliveryFailure(describe(status, reply, retryable), status, reply.errorCode(),
                    reply.message(), attempts, retryable, null);
            if (retryable) {
                retryOrFail(failure, reply.retryAfterMillis());
            } else {
                fail(failure);
            }
        }

        private void retryOrFail(DeliveryFailure failure, long retryAfterMillis) {
            lastRetryable = failure;
            if (!retryPolicy.mayRetry(attempts)) {
                fail(withReason(failure, failure.reason() + ", still after " + attempts + " attempts (maxRetries "
                                         + retryPolicy.maxRetries() + ")"));
                return;
            }
            long delay = retryPolicy.delayMillis(attempts, retryAfterMillis);
            if (nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(delay) - deadlineNanos >= 0) {
                fail(timedOut());
                return;
            }
            retries.increment();
            LOG.debug("Retrying {} records of logType {} in {} ms after: {}", batch.recordCount(),
                    batch.key().logType(), delay, failure.reason());
            try {
                pending = scheduler.schedule(this::attemptOnWorker, delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                fail(withReason(failure, failure.reason() + "; no retry: the producer is stopping"));
            }
        }

        private DeliveryFailure timedOut() {
            DeliveryFailure last = lastRetryable;
            String reason = "not delivered within deliveryTimeout (" + TimeUnit.NANOSECONDS.toMillis(deliveryTimeoutNanos)
                            + " ms) after " + attempts + " attempts";
            if (last == null) {
                return new DeliveryFailure(reason, 0, null, null, attempts, true, null);
            }
            return new DeliveryFailure(reason + "; last error: " + last.reason(), last.statusCode(), last.errorCode(),
                    last.serviceMessage(), attempts, true, last.cause());
        }

        void abort(String reason) {
            Future<?> inProgress = pending;
            if (inProgress != null) {
                inProgress.cancel(false);
            }
            DeliveryFailure last = lastRetryable;
            String full = last == null ? reason : reason + "; last error: " + last.reason();
            fail(new DeliveryFailure(full, last == null ? 0 : last.statusCode(), last == null ? null : last.errorCode(),
                    last == null ? null : last.serviceMessage(), attempts, true, null));
        }

        private void succeed(int status) {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            batchesAccepted.increment();
            recordsAccepted.add(batch.recordCount());
            lastBatchFailed = false;
            pendingBytes.release(batch.heldBytes());
            try {
                batch.accepted(status);
            } finally {
                release();
            }
        }

        private void fail(DeliveryFailure failure) {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            try {
                settleFailed(batch, failure);
            } finally {
                release();
            }
        }

        private void release() {
            active.remove(this);
            synchronized (lock) {
                inFlight--;
                lock.notifyAll();
            }
            dispatch();
        }
    }

    private static String describe(int status, ServiceReply reply, boolean retryable) {
        StringBuilder sb = new StringBuilder(retryable ? "the service answered HTTP " : "the service refused the request with HTTP ");
        sb.append(status);
        if (reply.errorCode() != null || reply.message() != null) {
            sb.append(" (");
            if (reply.errorCode() != null) {
                sb.append(reply.errorCode());
                if (reply.message() != null) {
                    sb.append(": ");
                }
            }
            if (reply.message() != null) {
                sb.append(reply.message());
            }
            sb.append(')');
        }
        return sb.toString();
    }

    private static DeliveryFailure withReason(DeliveryFailure f, String reason) {
        return new DeliveryFailure(reason, f.statusCode(), f.errorCode(), f.serviceMessage(), f.attempts(),
                f.retryable(), f.cause());
    }

    public long requests() {
        return requests.sum();
    }

    public long retries() {
        return retries.sum();
    }

    public long batchesAccepted() {
        return batchesAccepted.sum();
    }

    public long batchesFailed() {
        return batchesFailed.sum();
    }

    public long recordsAccepted() {
        return recordsAccepted.sum();
    }

    public long recordsFailed() {
        return recordsFailed.sum();
    }

    public long pendingBytes() {
        return pendingBytes.pendingBytes();
    }

    public long pendingBytesHighWater() {
        return pendingBytes.highWaterBytes();
    }

    public int inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    public int queuedRecords() {
        synchronized (lock) {
            return accumulator.pendingRecords();
        }
    }

    /** Whether the batch settled most recently failed. */
    public boolean lastBatchFailed() {
        return lastBatchFailed;
    }

    /** The most recent failure, or null. */
    public DeliveryFailure lastFailure() {
        return lastFailure;
    }
}
