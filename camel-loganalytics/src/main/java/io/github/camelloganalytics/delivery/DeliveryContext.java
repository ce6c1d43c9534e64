package io.github.camelloganalytics.delivery;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import io.github.camelloganalytics.batch.DeliveryFailure;
import io.github.camelloganalytics.transport.IngestionTransport;
import io.github.camelloganalytics.transport.RequestSender;

/**
 * What every batch delivery of one engine shares.
 *
 * @param deliveryTimeoutNanos longest time from a batch's first record to its outcome
 * @param requestTimeoutNanos  longest time for one attempt
 * @param stop                 when the engine must be done
 * @param hold                 the wait the service asked for, shared by every attempt to the target
 * @param budget               the target's quota kept on this side, or null
 * @param concurrency          how many requests may be in flight, told of every answer
 * @param serviceError         the latest transient failure of any batch since the service last accepted one: what a
 *                             batch that waited for a slot and timed out without an answer of its own reports
 */
record DeliveryContext(IngestionTransport transport, RequestSender sender, ResponseClassifier classifier,
        RetryPolicy retryPolicy, BatchSettler settler, FailureLog failureLog, DeliveryStatistics statistics,
        ScheduledExecutorService scheduler, Executor workers, LongSupplier nanoClock, long deliveryTimeoutNanos,
        long requestTimeoutNanos, StopDeadline stop, ServiceHold hold, RequestBudget budget, ConcurrencyLimit concurrency,
        AtomicReference<DeliveryFailure> serviceError) {
}
