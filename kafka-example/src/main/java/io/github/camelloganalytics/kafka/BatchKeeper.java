package io.github.camelloganalytics.kafka;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last resort of the route: a batch whose records are neither landed nor at the dead letter endpoint. Its
 * exchange must fail, so that its own offsets are not committed, and the consumer must stop before a later batch's
 * commit moves past them; the log names the records, so that they can be found again.
 */
public final class BatchKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(BatchKeeper.class);

    private BatchKeeper() {
    }

    /**
     * Stops the Kafka route and fails the exchange with what went wrong. The exchange's body is the batch: one
     * exchange per Kafka record.
     */
    public static void giveUp(Exchange exchange) throws Exception {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        List<?> records = exchange.getMessage().getBody(List.class);
        LOG.error("Records are neither in Log Analytics nor at the dead letter endpoint ({}): {}. Stopping route {} so"
                  + " that no offset is committed past them; restart it once the dead letter endpoint works",
                cause == null ? "no cause" : cause.getMessage(), offsets(records), KafkaToLogAnalyticsRoute.ROUTE_ID);
        stopConsumingSoon(exchange.getContext());
        throw cause != null ? cause : new IllegalStateException("the batch could not be kept");
    }

    /** Partition and offset of each record, for the log. */
    static String offsets(List<?> records) {
        if (records == null) {
            return "no records";
        }
        return records.stream().filter(Exchange.class::isInstance).map(Exchange.class::cast)
                .map(r -> r.getMessage().getHeader(KafkaConstants.PARTITION) + "@" + r.getMessage().getHeader(KafkaConstants.OFFSET))
                .collect(Collectors.joining(", ", "partition@offset ", ""));
    }

    /** Stops the consumer from another thread: a route cannot wait for its own exchange to finish. */
    static void stopConsumingSoon(CamelContext context) {
        Thread stopper = new Thread(() -> {
            try {
                context.getRouteController().stopRoute(KafkaToLogAnalyticsRoute.ROUTE_ID);
            } catch (Exception e) {
                LOG.error("Could not stop route {}", KafkaToLogAnalyticsRoute.ROUTE_ID, e);
            }
        }, "stop-" + KafkaToLogAnalyticsRoute.ROUTE_ID);
        stopper.setDaemon(true);
        stopper.start();
    }
}
