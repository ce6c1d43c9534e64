package io.github.camelloganalytics.batch;

/**
 * Why a batch was not delivered: what the service answered, if anything, and whether trying later may help.
 *
 * @param reason         a sentence for people, without secrets or record content
 * @param target         where the request went (a URL without secrets), or null when none was sent
 * @param statusCode     HTTP status of the last response, 0 when none was received
 * @param errorCode      service error code, or null
 * @param serviceMessage service error message, or null
 * @param attempts       requests made
 * @param retryable      whether the failure was transient
 * @param cause          the I/O error behind it, or null
 * @param deadLettered   whether the dead letter endpoint took the records
 */
public record DeliveryFailure(String reason, String target, int statusCode, String errorCode, String serviceMessage,
        int attempts, boolean retryable, Throwable cause, boolean deadLettered) {

    /** A failure whose records have not (yet) reached a dead letter endpoint. */
    public DeliveryFailure(String reason, String target, int statusCode, String errorCode, String serviceMessage,
                           int attempts, boolean retryable, Throwable cause) {
        this(reason, target, statusCode, errorCode, serviceMessage, attempts, retryable, cause, false);
    }

    /** The same failure, its records now at the dead letter endpoint. */
    public DeliveryFailure asDeadLettered() {
        return new DeliveryFailure(reason, target, statusCode, errorCode, serviceMessage, attempts, retryable, cause, true);
    }

    /** A failure before any response: a stop, a timeout, no credential. */
    public static DeliveryFailure of(String reason, String target, int attempts, boolean retryable) {
        return new DeliveryFailure(reason, target, 0, null, null, attempts, retryable, null);
    }

    /** The same failure, told differently. */
    public DeliveryFailure withReason(String newReason) {
        return new DeliveryFailure(newReason, target, statusCode, errorCode, serviceMessage, attempts, retryable, cause,
                deadLettered);
    }

    /** The same failure after more attempts. */
    public DeliveryFailure withAttempts(int newAttempts) {
        return new DeliveryFailure(reason, target, statusCode, errorCode, serviceMessage, newAttempts, retryable, cause,
                deadLettered);
    }
}
