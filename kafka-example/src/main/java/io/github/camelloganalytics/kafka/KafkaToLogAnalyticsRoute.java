package io.github.camelloganalytics.kafka;

import io.github.camelloganalytics.InvalidRecordException;
import io.github.camelloganalytics.LogAnalyticsException;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * Ships a Kafka topic to Log Analytics, at least once. The consumer takes records in batches (one exchange, a
 * {@code List<Exchange>} body, one Log Analytics record per Kafka record) and Camel commits a batch's offsets only when
 * its exchange completes; in acknowledged mode the exchange completes only once the service accepted the records. So
 * an offset is committed only after its record landed, or was handed to a dead letter endpoint: a crash re-reads what
 * was not yet committed, and nothing is lost.
 */
public class KafkaToLogAnalyticsRoute extends RouteBuilder {

    @Override
    public void configure() {
        // an outage, throttling: the batch is delivered again, and its offsets wait (the component retries within
        // deliveryTimeout first; this keeps trying beyond it, so a long outage stalls the partition, it loses nothing)
        onException(LogAnalyticsException.class)
                .onWhen(e -> e.getProperty(Exchange.EXCEPTION_CAUGHT, LogAnalyticsException.class).isRetryable())
                .maximumRedeliveries(-1).redeliveryDelay(1000).useExponentialBackOff().maximumRedeliveryDelay(60_000)
                .retryAttemptedLogLevel(LoggingLevel.WARN);

        // refused for good (a wrong key, a missing role): the component has handed the records to its dead letter
        // endpoint; the batch completes and its offsets are committed
        onException(LogAnalyticsException.class)
                .handled(true)
                .log(LoggingLevel.ERROR, "Records refused by Log Analytics, kept at {{la.dead-letter-uri}}: ${exception.message}");

        // one record cannot become a Log Analytics record: send the batch record by record, the bad ones aside
        onException(InvalidRecordException.class)
                .handled(true)
                .split(body())
                    .setBody(simple("${body.getMessage().getBody()}")) // each part is one Kafka record's exchange
                    .to("direct:record-by-record");

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
                .routeId("kafka-to-loganalytics")
                .to("loganalytics:{{la.log-type}}?deliveryMode={{la.delivery-mode}}&deadLetterUri={{la.dead-letter-uri}}");
    }
}
