package io.github.camelloganalytics.batch;

/**
 * Told the final outcome of records taken from one exchange.
 */
public interface RecordListener {

    /** Listener for records nobody waits for (queued delivery). */
    RecordListener NONE = new RecordListener() {
        @Override
        public void accepted(int records, int statusCode) {
        }

        @Override
        public void failed(int records, DeliveryFailure failure) {
        }
    };

    /** The service accepted this many of the exchange's records. */
    void accepted(int records, int statusCode);

    /** This many of the exchange's records failed for good. */
    void failed(int records, DeliveryFailure failure);
}
