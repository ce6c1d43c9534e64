package io.github.camelloganalytics.batch;

/**
 * Why a batch was not delivered: what the service answered, if anything, and whether trying later may help.
 *
 * @param reason         a sentence for people, without secrets or record content
 * @param statusCode     HTTP status of the last response, 0 when none was received
 * @param errorCode      service error code, or null
 * @param serviceMessage service error message, or null
 * @param attempts       requests made
 * @param retryable      whether the failure was transient
 * @param cause          the I/O error behind it, or null
 */
public record DeliveryFailure(String reason, int statusCode, String errorCode, String serviceMessage, int attempts,
        boolean retryable, Throwable cause) {
}
