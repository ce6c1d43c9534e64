package io.github.camelloganalytics;

import java.nio.charset.StandardCharsets;

import io.github.camelloganalytics.batch.Batch;
import io.github.camelloganalytics.batch.DeliveryFailure;
import io.github.camelloganalytics.delivery.DeadLetterSink;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Producer;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Hands the records of failed batches to the dead letter endpoint: the body is the records as a JSON array, ready to
 * be sent to a {@code loganalytics:} endpoint again, and the headers say what failed. The endpoint is resolved when
 * the producer starts, so a mistyped URI fails the start rather than the first failed batch.
 */
final class DeadLetterHandover extends ServiceSupport implements DeadLetterSink {

    private final CamelContext context;
    private final String uri;
    private Endpoint endpoint;
    private Producer producer;

    DeadLetterHandover(CamelContext context, String uri) {
        this.context = context;
        this.uri = uri;
    }

    @Override
    protected void doStart() throws Exception {
        endpoint = CamelContextHelper.getMandatoryEndpoint(context, uri);
        producer = endpoint.createProducer();
        ServiceHelper.startService(producer);
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopAndShutdownService(producer);
        producer = null;
    }

    @Override
    public void handOver(Batch batch, DeliveryFailure failure) throws Exception {
        Producer target = producer;
        if (target == null) {
            throw new IllegalStateException("the dead letter endpoint is stopped");
        }
        Exchange dead = endpoint.createExchange();
        Message message = dead.getMessage();
        message.setBody(new String(batch.body(), StandardCharsets.UTF_8));
        message.setHeader(LogAnalyticsConstants.LOG_TYPE, batch.key().logType());
        if (batch.key().timeGeneratedField() != null) {
            message.setHeader(LogAnalyticsConstants.TIME_GENERATED_FIELD, batch.key().timeGeneratedField());
        }
        if (batch.key().resourceId() != null) {
            message.setHeader(LogAnalyticsConstants.RESOURCE_ID, batch.key().resourceId());
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
        target.process(dead);
        if (dead.getException() != null) {
            throw dead.getException();
        }
    }
}
