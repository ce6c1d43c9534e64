package io.github.camelloganalytics.delivery;

import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.github.camelloganalytics.batch.Batch;
import io.github.camelloganalytics.batch.DeliveryFailure;
import io.github.camelloganalytics.delivery.AttemptOutcome.Accepted;
import io.github.camelloganalytics.delivery.AttemptOutcome.CredentialRefused;
import io.github.camelloganalytics.delivery.AttemptOutcome.Refused;
import io.github.camelloganalytics.delivery.AttemptOutcome.Transient;
import io.github.camelloganalytics.transport.CredentialException;
import io.github.camelloganalytics.transport.PreparedRequest;
import io.github.camelloganalytics.transport.ServiceResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch on its way: attempts, the waits between them, and its single outcome. Every attempt ends by
 * {@code deliveryTimeout} and, once the engine stops, by the stop deadline; while stopping a failed attempt is final.
 * Attempts and responses are handled on the workers rather than on the HTTP client's threads; only once the workers
 * are shut down (the engine closing) is an answer handled where it arrives, so that the batch still settles.
 */
final class BatchDelivery {

    static final String STOPPED = "the producer stopped before the service accepted the records";

    private static final Logger LOG = LoggerFactory.getLogger(BatchDelivery.class);

    private final Batch batch;
    private final RequestPath path;
    private final RetryPolicy retry;
    private final ServiceLimits limits;
    private final ConcurrencyLimit concurrency;
    private final StopDeadline stop;
    private final Reporting reporting;
    private final DeliveryThreads threads;
    private final AtomicReference<DeliveryFailure> serviceError;
    private final Consumer<BatchDelivery> onSettled;
    private final long deadlineNanos;
    private final String target;
    private final AtomicBoolean settled = new AtomicBoolean();

    // guarded by this
    private int attempts;
    private int credentialSwitches;
    private DeliveryFailure lastTransient;
    private Future<?> pending;
    private boolean waitingToRetry;

    /**
     * @param limits       the wait the service asked for and the quota kept on this side, shared by every attempt to
     *                     the target
     * @param concurrency  how many requests may be in flight, told of every answer
     * @param stop         when the engine must be done
     * @param serviceError the latest transient failure of any batch since the service last accepted one: what a batch
     *                     that waited for a slot and timed out without an answer of its own reports
     * @param onSettled    told once the batch settled
     */
    BatchDelivery(Batch batch, RequestPath path, RetryPolicy retry, ServiceLimits limits, ConcurrencyLimit concurrency,
                  StopDeadline stop, Reporting reporting, DeliveryThreads threads,
                  AtomicReference<DeliveryFailure> serviceError, Consumer<BatchDelivery> onSettled) {
        this.batch = batch;
        this.path = path;
        this.retry = retry;
        this.limits = limits;
        this.concurrency = concurrency;
        this.stop = stop;
        this.reporting = reporting;
        this.threads = threads;
        this.serviceError = serviceError;
        this.onSettled = onSettled;
        this.deadlineNanos = batch.createdNanos() + retry.deliveryTimeoutNanos();
        this.target = path.transport().target(batch.key().logType());
    }

    void start() {
        submit(this::attempt);
    }

    /** The engine is stopping: a batch waiting for its next attempt gets it now, and its last. */
    void retryNowIfWaiting() {
        synchronized (this) {
            if (!waitingToRetry || !pending.cancel(false)) {
                return;
            }
            waitingToRetry = false;
        }
        submit(this::attempt);
    }

    /** Fails the batch now, abandoning any attempt in flight. */
    void abort(String reason) {
        Future<?> inProgress;
        DeliveryFailure last;
        int made;
        synchronized (this) {
            inProgress = pending;
            last = lastError();
            made = attempts;
        }
        // settled first: the cancelled attempt's own completion must find nothing left to decide
        fail(stoppedOrTimedOut(reason, last, made));
        if (inProgress != null) {
            inProgress.cancel(true);
        }
    }

    private void submit(Runnable task) {
        try {
            threads.workers().execute(task);
        } catch (RejectedExecutionException e) {
            abort(STOPPED);
        }
    }

    private void attempt() {
        if (settled.get()) {
            return;
        }
        long now = threads.nanoClock().getAsLong();
        long stopAt = stop.deadlineNanos(now);
        long endAt = deadlineNanos - stopAt < 0 ? deadlineNanos : stopAt;
        if (now - endAt >= 0) {
            abort(endAt == deadlineNanos ? timeoutReason() : STOPPED);
            return;
        }
        long held = limits.hold().remainingNanos(now);
        if (held > 0 && !stop.stopping()) {
            // the service asked every client to wait: this attempt starts once the wait is over, uncounted
            waitThenAttempt(Math.min(held, endAt - now));
            return;
        }
        RequestBudget budget = limits.budget();
        long paced = budget == null || stop.stopping() ? 0 : budget.take(batch.requestBytes(), now);
        if (paced > 0) {
            // the rule's quota is spent for now: wait for it rather than be answered 429, uncounted
            waitThenAttempt(Math.min(paced, endAt - now));
            return;
        }
        PreparedRequest prepared;
        int attempt;
        try {
            prepared = path.transport().prepare(batch);
        } catch (CredentialException e) {
            DeliveryFailure failure = DeliveryFailure.of("no credential for the request: " + e.getMessage(), target,
                    attempts(), e.isRetryable());
            if (e.heldForMillis() > 0 && !stop.stopping()) {
                // the token service was not asked: another request's failure holds for a moment, waited out uncounted
                lastTransient(failure);
                waitThenAttempt(Math.min(TimeUnit.MILLISECONDS.toNanos(e.heldForMillis()), endAt - now));
                return;
            }
            if (e.isRetryable()) {
                synchronized (this) {
                    attempts++;
                }
                retryOrFail(failure.withAttempts(attempts()), -1);
            } else {
                fail(failure);
            }
            return;
        } catch (RuntimeException e) {
            fail(DeliveryFailure.of("the request could not be built: " + ResponseClassifier.safeMessage(e), target,
                    attempts(), false));
            return;
        }
        synchronized (this) {
            attempt = ++attempts;
        }
        reporting.statistics().requestSent();
        if (LOG.isDebugEnabled()) {
            LOG.debug("Sending {} records ({} bytes) of logType {} to {}, attempt {}", batch.recordCount(),
                    batch.requestBytes(), batch.key().logType(), target, attempt);
        }
        if (LOG.isTraceEnabled()) {
            LOG.trace("Request body: {}", new String(batch.body(), StandardCharsets.UTF_8));
        }
        long timeoutNanos = Math.min(path.requestTimeoutNanos(), endAt - now);
        // an attempt cut short by the deadline that then times out says nothing new: the error before it does
        String cutBy = timeoutNanos < path.requestTimeoutNanos() ? (endAt == deadlineNanos ? timeoutReason() : STOPPED) : null;
        long sentNanos = threads.nanoClock().getAsLong();
        CompletableFuture<ServiceResponse> response = path.sender().send(prepared.request(),
                Duration.ofNanos(timeoutNanos));
        synchronized (this) {
            pending = response;
        }
        response.whenComplete((answer, error) -> {
            long answeredNanos = threads.nanoClock().getAsLong();
            onWorker(() -> onResponse(prepared, attempt, cutBy, answer, error, answeredNanos - sentNanos, answeredNanos));
        });
    }

    private void onResponse(PreparedRequest prepared, int attempt, String cutBy, ServiceResponse answer, Throwable error,
                            long roundTripNanos, long answeredNanos) {
        if (settled.get()) {
            return;
        }
        if (cutBy == null && error instanceof HttpTimeoutException) {
            concurrency.pushedBack(answeredNanos);
        }
        if (cutBy != null && error instanceof HttpTimeoutException) {
            DeliveryFailure previous;
            synchronized (this) {
                previous = lastError();
            }
            if (previous != null) {
                fail(stoppedOrTimedOut(cutBy, previous, attempt));
                return;
            }
        }
        ResponseClassifier classifier = path.classifier();
        AttemptOutcome outcome = error != null
                ? classifier.classify(error, target, attempt) : classifier.classify(answer, target, attempt);
        if (outcome instanceof Accepted accepted) {
            concurrency.answered(roundTripNanos, answeredNanos);
            succeed(accepted.statusCode());
        } else if (outcome instanceof Transient failed) {
            if (isPushBack(failed)) {
                concurrency.pushedBack(answeredNanos);
            }
            retryOrFail(failed.failure(), failed.retryAfterMillis());
        } else if (outcome instanceof CredentialRefused refused) {
            if (credentialSwitchAllowed() && path.transport().credentialRefused(prepared, refused.statusCode())) {
                attempt();
            } else {
                reporting.failureLog().attemptFailed(batch, refused.failure(), -1);
                fail(refused.failure());
            }
        } else {
            DeliveryFailure failure = ((Refused) outcome).failure();
            reporting.failureLog().attemptFailed(batch, failure, -1);
            fail(failure);
        }
    }

    /** The service asked for less: throttled, unavailable, or a wait named. Timeouts are told where they are seen. */
    private static boolean isPushBack(Transient failed) {
        int status = failed.failure().statusCode();
        return status == 429 || status == 503 || failed.retryAfterMillis() > 0;
    }

    private synchronized boolean credentialSwitchAllowed() {
        if (credentialSwitches >= path.transport().credentialCount()) {
            return false;
        }
        credentialSwitches++;
        return true;
    }

    private void retryOrFail(DeliveryFailure failure, long retryAfterMillis) {
        lastTransient(failure);
        int made = attempts();
        if (!retry.mayRetry(made)) {
            DeliveryFailure last = failure.withReason(failure.reason() + ", still after " + made + " attempts (maxRetries "
                                                      + retry.maxRetries() + ")");
            reporting.failureLog().attemptFailed(batch, last, -1);
            fail(last);
            return;
        }
        if (stop.stopping()) {
            DeliveryFailure last = failure.withReason(failure.reason() + "; not retried: the producer is stopping");
            reporting.failureLog().attemptFailed(batch, last, -1);
            fail(last);
            return;
        }
        if (retryAfterMillis > 0) {
            limits.hold().holdFor(threads.nanoClock().getAsLong(), retryAfterMillis);
        }
        long delay = retry.delayMillis(made, retryAfterMillis);
        if (threads.nanoClock().getAsLong() + TimeUnit.MILLISECONDS.toNanos(delay) - deadlineNanos >= 0) {
            reporting.failureLog().attemptFailed(batch, failure, -1);
            fail(stoppedOrTimedOut(timeoutReason(), failure, made));
            return;
        }
        reporting.statistics().retryScheduled();
        reporting.failureLog().attemptFailed(batch, failure, delay);
        if (!scheduleAttempt(TimeUnit.MILLISECONDS.toNanos(delay))) {
            fail(failure.withReason(failure.reason() + "; not retried: the producer is stopping"));
        }
    }

    private void waitThenAttempt(long nanos) {
        if (!scheduleAttempt(nanos)) {
            abort(STOPPED);
        }
    }

    /** Schedules the next attempt; false if the scheduler no longer takes work (the engine stopped). */
    private synchronized boolean scheduleAttempt(long nanos) {
        try {
            waitingToRetry = true;
            pending = threads.scheduler().schedule(this::retryNow, nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (RejectedExecutionException e) {
            waitingToRetry = false;
            return false;
        }
    }

    private void retryNow() {
        synchronized (this) {
            if (!waitingToRetry) {
                return;
            }
            waitingToRetry = false;
        }
        submit(this::attempt);
    }

    private void onWorker(Runnable task) {
        try {
            threads.workers().execute(task);
        } catch (RejectedExecutionException e) {
            // the workers are gone: the engine is closing, finish here rather than leave the batch unsettled
            task.run();
        }
    }

    private String timeoutReason() {
        return "not delivered within deliveryTimeout (" + TimeUnit.NANOSECONDS.toMillis(retry.deliveryTimeoutNanos())
               + " ms) after " + attempts() + " attempts";
    }

    private DeliveryFailure stoppedOrTimedOut(String reason, DeliveryFailure last, int made) {
        if (last == null) {
            return DeliveryFailure.of(reason, made > 0 ? target : null, made, true);
        }
        return new DeliveryFailure(reason + "; last error: " + last.reason(), target, last.statusCode(),
                last.errorCode(), last.serviceMessage(), made, true, last.cause());
    }

    private synchronized void lastTransient(DeliveryFailure failure) {
        lastTransient = failure;
        serviceError.set(failure);
    }

    /**
     * This batch's latest transient failure, else the service's: a batch that waited for a request slot while others
     * met the outage has none of its own to report. Called holding this.
     */
    private DeliveryFailure lastError() {
        return lastTransient != null ? lastTransient : serviceError.get();
    }

    private synchronized int attempts() {
        return attempts;
    }

    private void succeed(int statusCode) {
        if (!settled.compareAndSet(false, true)) {
            return;
        }
        serviceError.set(null);
        try {
            reporting.settler().accepted(batch, statusCode);
        } finally {
            onSettled.accept(this);
        }
    }

    private void fail(DeliveryFailure failure) {
        if (!settled.compareAndSet(false, true)) {
            return;
        }
        try {
            reporting.settler().failed(batch, failure);
        } finally {
            onSettled.accept(this);
        }
    }
}
