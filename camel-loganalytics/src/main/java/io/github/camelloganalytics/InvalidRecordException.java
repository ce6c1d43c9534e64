package io.github.camelloganalytics;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;

/**
 * An exchange's body or headers cannot become Log Analytics records. Only that exchange fails; it is never sent.
 */
public class InvalidRecordException extends CamelExchangeException {

    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String message, Exchange exchange) {
        super(message, LogAnalyticsException.withId(exchange));
    }
}
