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

        @Override
        public boolean isWaiting() {
            return false;
        }
    };

    /** The service accepted this many of the exchange's records. */
    void accepted(int records, int statusCode);

    /** This many of the exchange's records failed for good. */
    void failed(int records, DeliveryFailure failure);

    /**
     * Whether an exchange waits for this outcome and so reports a failure itself (acknowledged delivery); when none
     * does, failed records that no dead letter endpoint took are lost.
     */
    default boolean isWaiting() {
        return true;
    }
}
