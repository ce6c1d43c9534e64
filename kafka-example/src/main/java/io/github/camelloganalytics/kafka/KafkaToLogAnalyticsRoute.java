package io.github.camelloganalytics.kafka;

import io.github.camelloganalytics.InvalidRecordException;
import io.github.camelloganalytics.LogAnalyticsException;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * Ships a Kafka topic to Log Analytics, at least once. The consumer takes records in batches (one exchange, a
 * {@code List<Exchange>} body, one Log Analytics record per Kafka record) and Camel commits a batch's offsets once its
 * exchange completed; a batch that failed is not committed itself, but the next batch's commit moves past it. So the
 * route completes a batch only when every one of its records has landed or is at the dead letter endpoint, and
 * otherwise stops consuming: an offset is never committed past a record that is in neither place.
 * <ul>
 * <li>landed: in acknowledged mode the exchange completes once the service accepted the records;</li>
 * <li>transient failure (an outage, throttling, no room in memory): the batch is delivered again, its offsets
 * wait;</li>
 * <li>refused for good (a wrong key, a missing role, a batch too large for maxPendingBytes): the component hands the
 * records to the dead letter endpoint before the exchange fails, and says so ({@code isDeadLettered}); the batch
 * completes;</li>
 * <li>a record that is not JSON: the batch goes record by record, the bad ones to the dead letter endpoint;</li>
 * <li>anything else: the batch's records go to the dead letter endpoint as they came from Kafka; if even that fails,
 * the route stops, so that no later batch's commit moves past them, and the log names their offsets.</li>
 * </ul>
 */
public class KafkaToLogAnalyticsRoute extends RouteBuilder {

    static final String ROUTE_ID = "kafka-to-loganalytics";

    @Override
    public void configure() {
        // tag::route[]
        // an outage, throttling: the batch is delivered again, and its offsets wait (the component retries within
        // deliveryTimeout first; this keeps trying beyond it, so a long outage stalls the partition, it loses nothing)
        onException(LogAnalyticsException.class)
                .onWhen(e -> e.getProperty(Exchange.EXCEPTION_CAUGHT, LogAnalyticsException.class).isRetryable())
                .maximumRedeliveries(-1).redeliveryDelay(1000).useExponentialBackOff().maximumRedeliveryDelay(60_000)
                .retryAttemptedLogLevel(LoggingLevel.WARN);

        // refused for good, and every refused record at the dead letter endpoint: the batch completes and its offsets
        // are committed
        onException(LogAnalyticsException.class)
                .onWhen(e -> e.getProperty(Exchange.EXCEPTION_CAUGHT, LogAnalyticsException.class).isDeadLettered())
                .handled(true)
                .log(LoggingLevel.ERROR, "Records refused by Log Analytics, kept at {{la.dead-letter-uri}}: ${exception.message}");

        // one record cannot become a Log Analytics record: send the batch record by record, the bad ones aside
        onException(InvalidRecordException.class)
                .handled(true)
                .split(body())
                    .setBody(simple("${body.getMessage().getBody()}")) // each part is one Kafka record's exchange
                    .to("direct:record-by-record");

        // anything else, a refusal whose records the dead letter endpoint did not take among them: keep the records
        // as they came, or stop before any later commit moves past them
        onException(Exception.class)
                .handled(true)
                .log(LoggingLevel.ERROR, "A batch failed (${exception.message}): keeping its records as they came at"
                                         + " {{la.dead-letter-uri}}")
                .setProperty("batch", body())
                .to("direct:keep-as-they-came");

        from("direct:keep-as-they-came").routeId("keep-as-they-came")
                .doTry()
                    .split(body()).stopOnException()
                        .setBody(simple("${body.getMessage().getBody()}")) // as it came from Kafka
                        .to("{{la.dead-letter-uri}}")
                    .end()
                .endDoTry()
                .doCatch(Exception.class)
                    .setBody(exchangeProperty("batch"))
                    .bean(BatchKeeper.class, "giveUp")
                .end();

        from("direct:record-by-record").routeId("record-by-record")
                .doTry()
                    .to("loganalytics:{{la.log-type}}?deliveryMode={{la.delivery-mode}}&deadLetterUri={{la.dead-letter-uri}}")
                .doCatch(InvalidRecordException.class)
                    .log(LoggingLevel.WARN, "A record kept at {{la.dead-letter-uri}}: ${exception.message}")
                    .to("{{la.dead-letter-uri}}")
                .end();

        from("kafka:{{kafka.topic}}?brokers={{kafka.brokers}}&groupId={{kafka.group-id}}"
             + "&groupInstanceId={{kafka.instance-id}}&sessionTimeoutMs={{kafka.session-timeout-ms}}&autoOffsetReset=earliest"
             + "&batching=true&maxPollRecords={{kafka.max-poll-records}}&pollTimeoutMs=500&autoCommitEnable=false")
                .routeId(ROUTE_ID)
                .to("loganalytics:{{la.log-type}}?deliveryMode={{la.delivery-mode}}&deadLetterUri={{la.dead-letter-uri}}");
        // end::route[]
    }
}
