package io.github.camelloganalytics.delivery;

import java.time.Clock;
import java.util.function.Consumer;

import io.github.camelloganalytics.batch.Batch;
import io.github.camelloganalytics.batch.DeliveryFailure;
import io.github.camelloganalytics.batch.PendingBytesLimiter;

/**
 * Gives a batch its one outcome: the statistics count it, failed records go to the dead letter endpoint first, and
 * then the room the batch held goes back and every exchange with records in the batch is told. A failed batch keeps
 * its room while its hand-over is under way, so a slow dead letter endpoint slows the route rather than fill the heap.
 */
final class BatchSettler {

    private final PendingBytesLimiter room;
    private final DeliveryStatistics statistics;
    private final DeadLetterHandOvers handOvers;
    private final FailureLog failureLog;
    private final Clock clock;

    BatchSettler(PendingBytesLimiter room, DeliveryStatistics statistics, DeadLetterHandOvers handOvers,
                 FailureLog failureLog, Clock clock) {
        this.room = room;
        this.statistics = statistics;
        this.handOvers = handOvers;
        this.failureLog = failureLog;
        this.clock = clock;
    }

    void accepted(Batch batch, int statusCode) {
        room.release(batch.heldBytes());
        statistics.batchAccepted(batch.recordCount());
        batch.accepted(statusCode);
    }

    /** Returns at once: the exchanges hear of the failure once the dead letter endpoint took the records, or did not. */
    void failed(Batch batch, DeliveryFailure failure) {
        statistics.batchFailed(batch.recordCount(), failure, clock.millis());
        if (handOvers.configured()) {
            handOvers.start(batch, failure, notTaken -> settleFailed(batch, failure, notTaken));
        } else {
            settleFailed(batch, failure, null);
        }
    }

    /**
     * Records refused before they joined a batch (no room for them, or the producer stopping): they go to the dead
     * letter endpoint like those of a failed batch; then {@code then} hears null if the endpoint took them, else why
     * not. Without a dead letter endpoint it hears at once that none took them.
     */
    void refused(Batch records, DeliveryFailure failure, Consumer<Exception> then) {
        statistics.recordsRefused(records.recordCount());
        if (!handOvers.configured()) {
            then.accept(new IllegalStateException("no deadLetterUri is configured"));
            return;
        }
        handOvers.start(records, failure, notTaken -> {
            try {
                if (notTaken == null) {
                    failureLog.batchFailed(records, failure, "refused before sending; handed to the dead letter endpoint");
                } else {
                    failureLog.deadLetterFailed(records, ResponseClassifier.safeMessage(notTaken));
                }
            } finally {
                then.accept(notTaken);
            }
        });
    }

    private void settleFailed(Batch batch, DeliveryFailure failure, Exception notTaken) {
        room.release(batch.heldBytes());
        DeliveryFailure told = failure;
        try {
            if (handOvers.configured() && notTaken == null) {
                told = failure.asDeadLettered();
                failureLog.batchFailed(batch, failure, "handed to the dead letter endpoint");
                return;
            }
            if (notTaken != null) {
                failureLog.deadLetterFailed(batch, ResponseClassifier.safeMessage(notTaken));
            }
            if (batch.hasWaitingExchanges()) {
                failureLog.batchFailed(batch, failure, "their exchanges failed");
            } else {
                statistics.recordsLost(batch.recordCount());
                failureLog.recordsLost(batch, failure, notTaken == null
                        ? "queued delivery without a deadLetterUri" : "the dead letter endpoint did not take them");
            }
        } finally {
            batch.failed(told);
        }
    }
}
