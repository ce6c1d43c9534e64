package io.github.camelloganalytics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

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

    // a field rather than an AtomicInteger: one object fewer for every exchange that waits
    private static final VarHandle REMAINING;

    static {
        try {
            REMAINING = MethodHandles.lookup().findVarHandle(ExchangeCompletion.class, "remaining", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Exchange exchange;
    private final AsyncCallback callback;
    private final ProducerBacklog backlog;
    private final WaitingCallers waiting;
    private final String logType;
    private final int records;
    private volatile int remaining; // updated through REMAINING
    // written under this object's lock, read after the last settled count
    private int failedRecords;
    private boolean allDeadLettered = true;
    private volatile int statusCode;
    private volatile DeliveryFailure failure;

    /**
     * @param backlog the producer's count of records taken and not settled, told before the exchange completes
     * @param waiting the callers waiting at the component, left before the exchange completes; null if Camel does not
     *                count this exchange in flight
     */
    ExchangeCompletion(Exchange exchange, AsyncCallback callback, ProducerBacklog backlog, WaitingCallers waiting,
                       String logType, int records) {
        this.exchange = exchange;
        this.callback = callback;
        this.backlog = backlog;
        this.waiting = waiting;
        this.logType = logType;
        this.records = records;
        this.remaining = records;
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
            failedRecords += count;
        }
        settled(count);
    }

    private void settled(int count) {
        if ((int) REMAINING.getAndAdd(this, -count) != count) {
            return;
        }
        DeliveryFailure why = failure;
        if (why == null) {
            exchange.getMessage().setHeader(LogAnalyticsConstants.RECORD_COUNT, records);
            exchange.getMessage().setHeader(LogAnalyticsConstants.STATUS_CODE, statusCode);
        } else {
            boolean deadLettered;
            int failed;
            synchronized (this) {
                deadLettered = allDeadLettered;
                failed = failedRecords;
            }
            String message = "Log Analytics did not accept " + failed + " of " + records
                             + " records of logType " + logType
                             + (why.target() != null ? " sent to " + why.target() : "") + ": " + why.reason()
                             + (deadLettered ? "; they were handed to the dead letter endpoint" : "");
            exchange.setException(new LogAnalyticsException(message, exchange, why.statusCode(), why.errorCode(),
                    why.serviceMessage(), why.attempts(), why.retryable(), why.cause(), deadLettered));
        }
        backlog.settled(records);
        if (waiting != null) {
            waiting.left();
        }
        callback.done(false);
    }
}
