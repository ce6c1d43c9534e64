package io.github.camelloganalytics.delivery;

import java.time.Clock;

import io.github.camelloganalytics.batch.Batch;
import io.github.camelloganalytics.batch.DeliveryFailure;
import io.github.camelloganalytics.batch.PendingBytesLimiter;

/**
 * Gives a batch its one outcome: the room it held goes back, the statistics count it, failed records go to the dead
 * letter endpoint first, and then every exchange with records in the batch is told.
 */
final class BatchSettler {

    private final PendingBytesLimiter room;
    private final DeliveryStatistics statistics;
    private final DeadLetterSink deadLetter;
    private final FailureLog failureLog;
    private final Clock clock;

    /**
     * @param deadLetter where failed records go, or null
     */
    BatchSettler(PendingBytesLimiter room, DeliveryStatistics statistics, DeadLetterSink deadLetter, FailureLog failureLog,
                 Clock clock) {
        this.room = room;
        this.statistics = statistics;
        this.deadLetter = deadLetter;
        this.failureLog = failureLog;
        this.clock = clock;
    }

    void accepted(Batch batch, int statusCode) {
        room.release(batch.heldBytes());
        statistics.batchAccepted(batch.recordCount());
        batch.accepted(statusCode);
    }

    void failed(Batch batch, DeliveryFailure failure) {
        room.release(batch.heldBytes());
        statistics.batchFailed(batch.recordCount(), failure, clock.millis());
        try {
            boolean handedOver = handOver(batch, failure);
            if (handedOver) {
                failureLog.batchFailed(batch, failure, "handed to the dead letter endpoint");
            } else if (batch.hasWaitingExchanges()) {
                failureLog.batchFailed(batch, failure, "their exchanges failed");
            } else {
                statistics.recordsLost(batch.recordCount());
                failureLog.recordsLost(batch, failure, deadLetter == null
                        ? "queued delivery without a deadLetterUri" : "the dead letter endpoint did not take them");
            }
        } finally {
            // the dead letter endpoint holds the records before any exchange hears of the failure
            batch.failed(failure);
        }
    }

    private boolean handOver(Batch batch, DeliveryFailure failure) {
        if (deadLetter == null) {
            return false;
        }
        try {
            deadLetter.handOver(batch, failure);
            return true;
        } catch (Exception e) {
            failureLog.deadLetterFailed(batch, ResponseClassifier.safeMessage(e));
            return false;
        }
    }
}
