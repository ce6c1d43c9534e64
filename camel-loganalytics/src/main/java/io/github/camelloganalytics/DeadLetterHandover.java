package io.github.camelloganalytics;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import io.github.camelloganalytics.batch.Batch;
import io.github.camelloganalytics.batch.DeliveryFailure;
import io.github.camelloganalytics.delivery.DeadLetterSink;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Hands the records of failed batches to the dead letter endpoint: the body is the records as a JSON array, ready to
 * be sent to a {@code loganalytics:} endpoint again, and the headers say what failed and where the records were going.
 * The endpoint is resolved when the producer starts, so a mistyped URI fails the start rather than the first failed
 * batch.
 * <p>
 * A hand-over never runs on the thread that settles the batch: that may be a delivery worker, the timer or Camel's stop
 * thread, and a dead letter route that ends in another {@code loganalytics:} endpoint needs the delivery workers
 * itself. Each starts on the component's dead letter threads and ends when the endpoint's asynchronous producer calls
 * back, so a route that completes its exchanges later (an acknowledged {@code loganalytics:} endpoint, {@code seda:})
 * holds no thread meanwhile.
 */
final class DeadLetterHandover extends ServiceSupport implements DeadLetterSink {

    private final CamelContext context;
    private final String uri;
    private final Executor executor;
    private Endpoint endpoint;
    private volatile AsyncProducer producer;

    /**
     * @param executor runs each hand-over: never a delivery worker
     */
    DeadLetterHandover(CamelContext context, String uri, Executor executor) {
        this.context = context;
        this.uri = uri;
        this.executor = executor;
    }

    @Override
    protected void doStart() throws Exception {
        endpoint = CamelContextHelper.getMandatoryEndpoint(context, uri);
        AsyncProducer started = endpoint.createAsyncProducer();
        ServiceHelper.startService(started);
        producer = started;
    }

    @Override
    protected void doStop() throws Exception {
        AsyncProducer stopping = producer;
        producer = null;
        ServiceHelper.stopAndShutdownService(stopping);
    }

    @Override
    public void handOver(Batch batch, DeliveryFailure failure, Consumer<Exception> taken) {
        Exchange dead = deadLetterOf(batch, failure);
        try {
            executor.execute(() -> send(dead, taken));
        } catch (RejectedExecutionException e) {
            taken.accept(new IllegalStateException("the dead letter threads are shut down"));
        }
    }

    private void send(Exchange dead, Consumer<Exception> taken) {
        AsyncProducer target = producer;
        if (target == null) {
            taken.accept(new IllegalStateException("the dead letter endpoint is stopped"));
            return;
        }
        try {
            target.process(dead, doneSync -> taken.accept(dead.getException()));
        } catch (RuntimeException e) {
            taken.accept(e);
        }
    }

    /**
     * The records as a JSON array. The target travels in the {@code Original} headers, not in the headers a
     * {@code loganalytics:} endpoint obeys, so the dead letter endpoint writes to the table it names itself.
     */
    private Exchange deadLetterOf(Batch batch, DeliveryFailure failure) {
        Exchange dead = endpoint.createExchange();
        Message message = dead.getMessage();
        message.setBody(new String(batch.body(), StandardCharsets.UTF_8));
        message.setHeader(LogAnalyticsConstants.ORIGINAL_LOG_TYPE, batch.key().logType());
        if (batch.key().timeGeneratedField() != null) {
            message.setHeader(LogAnalyticsConstants.ORIGINAL_TIME_GENERATED_FIELD, batch.key().timeGeneratedField());
        }
        if (batch.key().resourceId() != null) {
            message.setHeader(LogAnalyticsConstants.ORIGINAL_RESOURCE_ID, batch.key().resourceId());
        }
        message.setHeader(LogAnalyticsConstants.RECORD_COUNT, batch.recordCount());
        if (failure.statusCode() > 0) {
            message.setHeader(LogAnalyticsConstants.STATUS_CODE, failure.statusCode());
        }
        if (failure.errorCode() != null) {
            message.setHeader(LogAnalyticsConstants.ERROR_CODE, failure.errorCode());
        }
        message.setHeader(LogAnalyticsConstants.ERROR_MESSAGE, failure.reason());
        message.setHeader(LogAnalyticsConstants.ATTEMPTS, failure.attempts());
        return dead;
    }
}
