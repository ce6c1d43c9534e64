package io.github.camelloganalytics;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;

/**
 * The service did not accept an exchange's records: it refused them, or they could not be delivered within the
 * retries and the delivery timeout. Carries what the service said, so error handlers can decide what to do.
 */
public class LogAnalyticsException extends CamelExchangeException {

    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String errorCode;
    private final String serviceMessage;
    private final int attempts;
    private final boolean retryable;
    private final boolean deadLettered;

    public LogAnalyticsException(String message, Exchange exchange, int statusCode, String errorCode,
                                 String serviceMessage, int attempts, boolean retryable, Throwable cause) {
        this(message, exchange, statusCode, errorCode, serviceMessage, attempts, retryable, cause, false);
    }

    /**
     * @param deadLettered whether every record of the exchange that failed is at the dead letter endpoint
     */
    public LogAnalyticsException(String message, Exchange exchange, int statusCode, String errorCode,
                                 String serviceMessage, int attempts, boolean retryable, Throwable cause,
                                 boolean deadLettered) {
        super(message, withId(exchange), cause);
        this.statusCode = statusCode;
        this.errorCode = errorCode;
        this.serviceMessage = serviceMessage;
        this.attempts = attempts;
        this.retryable = retryable;
        this.deadLettered = deadLettered;
    }

    /**
     * The exchange, with its id assigned: Camel creates ids lazily, and the message ends with the exchange's
     * {@code toString}, which shows the id only once it exists.
     */
    static Exchange withId(Exchange exchange) {
        if (exchange != null) {
            exchange.getExchangeId();
        }
        return exchange;
    }

    /**
     * Why another endpoint failed, fit for a message of ours: the exception's type and the first line of its message,
     * with quoted parts left out (they may quote what was sent), at most 200 characters.
     */
    static String safeReason(Throwable error) {
        String message = error.getMessage();
        if (message == null) {
            return error.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        String line = (newline < 0 ? message : message.substring(0, newline)).replaceAll("\"[^\"]*\"", "\"…\"");
        return error.getClass().getSimpleName() + ": " + (line.length() > 200 ? line.substring(0, 200) + "…" : line);
    }

    /** HTTP status of the last response, or 0 when no response was received. */
    public int getStatusCode() {
        return statusCode;
    }

    /** Error code the service returned (for example {@code InvalidLogType}), or null. */
    public String getErrorCode() {
        return errorCode;
    }

    /** Error message the service returned, or null. */
    public String getServiceMessage() {
        return serviceMessage;
    }

    /** Requests made for the records, retries included; 0 when none was sent. */
    public int getAttempts() {
        return attempts;
    }

    /**
     * Whether every record of the exchange that failed was taken by the dead letter endpoint before the exchange
     * failed: a route that commits its input when an exchange completes (a Kafka consumer) may then move past them.
     */
    public boolean isDeadLettered() {
        return deadLettered;
    }

    /** Whether the failure was transient: sending the same records again later may succeed. */
    public boolean isRetryable() {
        return retryable;
    }
}
