package io.github.camelloganalytics.delivery;

import java.util.function.Consumer;

import io.github.camelloganalytics.batch.Batch;
import io.github.camelloganalytics.batch.DeliveryFailure;

/**
 * Takes the records of a batch that finally failed, before the exchanges waiting for them hear of it.
 */
@FunctionalInterface
public interface DeadLetterSink {

    /**
     * Hands the records over without waiting for the dead letter endpoint: the caller may be a delivery worker, the
     * timer or the thread stopping the producer, and the dead letter endpoint may need those very threads itself.
     *
     * @param taken told once, on any thread: null when the endpoint took the records, else why it did not
     */
    void handOver(Batch batch, DeliveryFailure failure, Consumer<Exception> taken);
}
