package io.github.camelloganalytics.delivery;

import io.github.camelloganalytics.batch.Batch;
import io.github.camelloganalytics.batch.DeliveryFailure;

/**
 * Takes the records of a batch that finally failed, before the exchanges waiting for them hear of it.
 */
@FunctionalInterface
public interface DeadLetterSink {

    /**
     * @throws Exception when the records could not be handed over; they are then reported as lost
     */
    void handOver(Batch batch, DeliveryFailure failure) throws Exception;
}
