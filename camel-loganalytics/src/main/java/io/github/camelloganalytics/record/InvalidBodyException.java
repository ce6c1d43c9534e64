package io.github.camelloganalytics.record;

/**
 * A body that cannot become records: not JSON objects, or against a rule of the API. The message names the problem
 * and where in the body it is, never the record content; the producer turns it into the exchange's
 * {@link io.github.camelloganalytics.InvalidRecordException}.
 */
public final class InvalidBodyException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidBodyException(String message) {
        // no stack trace: the exchange's own exception carries where it failed
        super(message, null, false, false);
    }
}
