package io.github.camelloganalytics;

import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelloganalytics.batch.DeliveryFailure;
import io.github.camelloganalytics.batch.RecordListener;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;

/**
 * Completes an exchange in acknowledged mode once every one of its records has an outcome: successfully, with the
 * record count and status headers, if all were accepted; else with a {@link LogAnalyticsException} describing the
 * first failure.
 */
final class ExchangeCompletion implements RecordListener {

    private final Exchange exchange;
    private final AsyncCallback callback;
    private final String logType;
    private final int records;
    private final AtomicInteger remaining;
    private final AtomicInteger failedRecords = new AtomicInteger();
    private volatile boolean allDeadLettered = true;
    private volatile int statusCode;
    private volatile DeliveryFailure failure;

    ExchangeCompletion(Exchange exchange, AsyncCallback callback, String logType, int records) {
        this.exchange = exchange;
        this.callback = callback;
        this.logType = logType;
        this.records = records;
        this.remaining = new AtomicInteger(records);
    }

    @Override
    public void accepted(int count, int status) {
        statusCode = status;
        settled(count);
    }

    @Override
    public void failed(int count, DeliveryFailure why) {
        synchronized (this) {
            if (failure == null) {
                failure = why;
            }
            allDeadLettered &= why.deadLettered();
        }
        failedRecords.addAndGet(count);
        settled(count);
    }

    private void settled(int count) {
        if (remaining.addAndGet(-count) != 0) {
            return;
        }
        DeliveryFailure why = failure;
        if (why == null) {
            exchange.getMessage().setHeader(LogAnalyticsConstants.RECORD_COUNT, records);
            exchange.getMessage().setHeader(LogAnalyticsConstants.STATUS_CODE, statusCode);
        } else {
            boolean deadLettered;
            synchronized (this) {
                deadLettered = allDeadLettered;
            }
            String message = "Log Analytics did not accept " + failedRecords.get() + " of " + records
                             + " records of logType " + logType
                             + (why.target() != null ? " sent to " + why.target() : "") + ": " + why.reason()
                             + (deadLettered ? "; they were handed to the dead letter endpoint" : "");
            exchange.setException(new LogAnalyticsException(message, exchange, why.statusCode(), why.errorCode(),
                    why.serviceMessage(), why.attempts(), why.retryable(), why.cause(), deadLettered));
        }
        callback.done(false);
    }
}
