package io.github.camelloganalytics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.camelloganalytics.batch.Batch;
import io.github.camelloganalytics.record.HeapFootprint;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How records of many exchanges become requests: by count, by bytes, by time, by record type; and what stopping does.
 */
class BatchingTest extends WireMockServiceSupport {

    @BeforeEach
    void acceptEverything() {
        service.stubFor(post(urlPathEqualTo("/api/logs")).willReturn(ok()));
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // batches leave when full only: how fast the machine hands the records over cannot change them
                from("direct:events").routeId("events")
                        .to(uri("AppEvents", "batchSize=5&batchTimeout=1h"));
                from("direct:slow").routeId("slow")
                        .to(uri("AppEvents", "batchSize=1000&batchTimeout=1h"));
                // three records make one batch however slowly they come
                from("direct:queued").routeId("queued")
                        .to(uri("AppEvents", "deliveryMode=queued&deadLetterUri=mock:dead&batchSize=3&batchTimeout=1h&maxRetries=1"));
                // an exchange busy elsewhere: while it runs, records may still join open batches
                from("direct:busy").routeId("busy").process(e -> busy.await(60, TimeUnit.SECONDS));
            }
        };
    }

    private final CountDownLatch busy = new CountDownLatch(1);

    /**
     * Keeps another exchange in flight in the context, so open batches wait to fill as they would under load: when
     * every exchange in flight waits for the service, the component sends open batches at once instead.
     */
    private CompletableFuture<Exchange> holdAnotherExchangeInFlight() {
        CompletableFuture<Exchange> other = template.asyncSend("direct:busy", e -> e.getMessage().setBody("busy"));
        await().atMost(Duration.ofSeconds(10)).until(() -> context.getInflightRepository().size("busy") == 1);
        return other;
    }

    private void release(CompletableFuture<Exchange> other) throws Exception {
        busy.countDown();
        other.get(10, TimeUnit.SECONDS);
    }

    private List<CompletableFuture<Exchange>> sendAsync(String endpoint, int count) {
        List<CompletableFuture<Exchange>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            futures.add(template.asyncSend(endpoint, e -> e.getMessage().setBody(Map.of("n", n))));
        }
        return futures;
    }

    /** What the smallest of these exchanges, {"n":0}, holds while it waits: its record, itself and its body. */
    private static final long LEAST_PER_EXCHANGE = HeapFootprint.ofRecord(new byte[7]) + HeapFootprint.EXCHANGE + 7
                                                   + HeapFootprint.FIELD;

    /** Waits until the endpoint holds this many acknowledged exchanges' records, whatever the machine's speed. */
    private void awaitRecordsTaken(String endpoint, int records) {
        LogAnalyticsEndpoint la = context.getEndpoint(endpoint, LogAnalyticsEndpoint.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> la.getPendingBytes() >= records * LEAST_PER_EXCHANGE);
    }

    private static void awaitAll(List<CompletableFuture<Exchange>> futures) throws Exception {
        for (CompletableFuture<Exchange> f : futures) {
            assertThat(f.get(10, TimeUnit.SECONDS).getException()).isNull();
        }
    }

    @Test
    void recordsOfManyExchangesShareARequestUpToBatchSize() throws Exception {
        CompletableFuture<Exchange> other = holdAnotherExchangeInFlight();
        awaitAll(sendAsync("direct:events", 10));
        release(other);

        List<LoggedRequest> requests = received();
        assertThat(requests).hasSize(2);
        assertThat(requests).allSatisfy(r -> assertThat(records(r)).hasSize(5));
    }

    @Test
    void batchMaxBytesCapsEveryRequestBody() throws Exception {
        // {"n":0} .. {"n":9} are 7 bytes: 8 bytes each with its comma, so 40 bytes hold 4 records
        awaitAll(sendAsync(uri("AppEvents", "batchMaxBytes=40&batchTimeout=100"), 10));

        List<LoggedRequest> requests = received();
        assertThat(requests).allSatisfy(r -> assertThat(r.getBody().length).isLessThanOrEqualTo(40));
        assertThat(recordCount()).isEqualTo(10);
        assertThat(requests).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void callersThatAllWaitForTheServiceAreAnsweredWithoutWaitingForTheBatchToFill() throws Exception {
        // every exchange in flight waits at the component: nothing can join their batch before they are answered
        List<CompletableFuture<Exchange>> callers = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                list.add(Map.of("caller", c, "n", i));
            }
            callers.add(template.asyncSend("direct:slow", e -> e.getMessage().setBody(list)));
        }

        // batchSize 1000 and batchTimeout 1h: only the rule above can answer them within the wait
        awaitAll(callers);
        assertThat(recordCount()).isEqualTo(400);
    }

    @Test
    void partialBatchIsSentOnceNoRecordJoinedItForAFifthOfBatchTimeout() throws Exception {
        // another exchange is in flight, so records might still come; the caller's batch waits, but not all of batchTimeout
        CompletableFuture<Exchange> other = holdAnotherExchangeInFlight();
        long start = System.nanoTime();
        Exchange result = template.request(uri("AppEvents", "batchSize=1000&batchTimeout=10s"),
                e -> e.getMessage().setBody(List.of(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3))));
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(result.getException()).isNull();
        release(other);

        assertThat(received()).hasSize(1);
        assertThat(records(received().get(0))).hasSize(3);
        // a fifth of batchTimeout is 2 s: the upper bound leaves 8 s for a loaded machine to be late
        assertThat(elapsedMillis).as("the batch waited a fifth of batchTimeout, not all of it")
                .isGreaterThanOrEqualTo(2000).isLessThan(10_000);
    }

    @Test
    void logTypeHeaderGroupsRecordsIntoSeparateRequests() throws Exception {
        CompletableFuture<Exchange> other = holdAnotherExchangeInFlight();
        List<CompletableFuture<Exchange>> futures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String type = i % 2 == 0 ? "Orders" : "Payments";
            int n = i;
            futures.add(template.asyncSend(uri("AppEvents", "batchSize=3&batchTimeout=1h"), e -> {
                e.getMessage().setBody(Map.of("type", type, "n", n));
                e.getMessage().setHeader(LogAnalyticsConstants.LOG_TYPE, type);
            }));
        }
        awaitAll(futures);
        release(other);

        assertThat(received()).hasSize(2);
        for (LoggedRequest request : received()) {
            String logType = request.getHeader("Log-Type");
            assertThat(records(request)).hasSize(3).allSatisfy(r -> assertThat(r.get("type").asText()).isEqualTo(logType));
        }
    }

    @Test
    void listBodyIsOneRequestWithOneRecordPerElement() {
        List<Map<String, Object>> body = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            body.add(Map.of("n", i));
        }
        Exchange result = template.request("direct:events", e -> e.getMessage().setBody(body));

        assertThat(result.getMessage().getHeader(LogAnalyticsConstants.RECORD_COUNT)).isEqualTo(250);
        assertThat(received()).hasSize(50);
        assertThat(recordCount()).isEqualTo(250);
    }

    @Test
    void stoppingTheContextFlushesPendingRecords() throws Exception {
        String endpoint = uri("AppEvents", "batchSize=1000&batchTimeout=1h");
        CompletableFuture<Exchange> other = holdAnotherExchangeInFlight();
        List<CompletableFuture<Exchange>> futures = sendAsync(endpoint, 7);
        awaitRecordsTaken(endpoint, 7);
        // while another exchange is in flight the batch waits for its hour-long timeout
        assertThat(received()).as("nothing sent before the hour-long timeout").isEmpty();
        release(other);

        context.stop();

        awaitAll(futures);
        assertThat(recordCount()).isEqualTo(7);
    }

    @Test
    void stoppingARouteSendsItsPendingBatchesWithoutWaitingForBatchTimeout() throws Exception {
        context.getShutdownStrategy().setTimeout(30);
        CompletableFuture<Exchange> other = holdAnotherExchangeInFlight();
        List<CompletableFuture<Exchange>> futures = sendAsync("direct:slow", 5);
        awaitRecordsTaken(uri("AppEvents", "batchSize=1000&batchTimeout=1h"), 5);
        assertThat(received()).as("the batch is still open").isEmpty();
        release(other);

        context.stop();

        awaitAll(futures);
        assertThat(recordCount()).isEqualTo(5);
        assertThat(context.getShutdownStrategy().isTimeoutOccurred())
                .as("the stop did not sit out the 30 s shutdown timeout, which Camel would have ended by force").isFalse();
    }

    @Test
    void stoppingWithTheServiceDownFailsPendingExchangesClearly() throws Exception {
        service.resetAll();
        service.stubFor(post(urlPathEqualTo("/api/logs")).willReturn(aResponse().withStatus(503)));
        // room to answer the batch at the stop on a loaded machine; a passing stop ends once it is answered
        context.getShutdownStrategy().setTimeout(10);
        String endpoint = uri("AppEvents", "batchTimeout=10&retryBackoff=200&adaptiveConcurrency=false");
        List<CompletableFuture<Exchange>> futures = sendAsync(endpoint, 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> context.getEndpoint(endpoint, LogAnalyticsEndpoint.class).getRetries() > 0);

        context.stop();

        for (CompletableFuture<Exchange> f : futures) {
            Exchange result = f.get(10, TimeUnit.SECONDS);
            assertThat(result.getException(LogAnalyticsException.class).getMessage())
                    .contains("HTTP 503", "not retried: the producer is stopping");
        }
    }

    @Test
    void queuedModeCompletesAtOnceAndSendsFailuresToTheDeadLetterEndpoint() throws Exception {
        service.resetAll();
        service.stubFor(post(urlPathEqualTo("/api/logs")).willReturn(aResponse().withStatus(400)
                .withBody("{\"Error\":\"InvalidDataFormat\",\"Message\":\"bad\"}")));
        MockEndpoint dead = getMockEndpoint("mock:dead");
        dead.expectedMessageCount(1);

        for (int i = 0; i < 3; i++) {
            int n = i;
            Exchange result = template.request("direct:queued", e -> e.getMessage().setBody(Map.of("n", n)));
            assertThat(result.getException()).isNull();
            assertThat(result.getMessage().getHeader(LogAnalyticsConstants.RECORD_COUNT)).isEqualTo(1);
        }

        dead.assertIsSatisfied(20_000);
        var message = dead.getReceivedExchanges().get(0).getMessage();
        assertThat(message.getBody(String.class)).isEqualTo("[{\"n\":0},{\"n\":1},{\"n\":2}]");
        assertThat(message.getHeader(LogAnalyticsConstants.ORIGINAL_LOG_TYPE)).isEqualTo("AppEvents");
        assertThat(message.getHeader(LogAnalyticsConstants.LOG_TYPE)).as("not redirecting the dead letter endpoint").isNull();
        assertThat(message.getHeader(LogAnalyticsConstants.RECORD_COUNT)).isEqualTo(3);
        assertThat(message.getHeader(LogAnalyticsConstants.STATUS_CODE)).isEqualTo(400);
        assertThat(message.getHeader(LogAnalyticsConstants.ERROR_CODE)).isEqualTo("InvalidDataFormat");
        assertThat(message.getHeader(LogAnalyticsConstants.ERROR_MESSAGE, String.class)).contains("HTTP 400");
        assertThat(message.getHeader(LogAnalyticsConstants.ATTEMPTS)).isEqualTo(1);
    }

    @Test
    void groupedExchangesFromTheAggregatorAreOneRecordEach() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:grouped")
                        .aggregate(constant(true), new org.apache.camel.processor.aggregate.GroupedExchangeAggregationStrategy())
                        .completionSize(4)
                        .to(uri("AppEvents", "batchTimeout=10"))
                        .to("mock:done");
            }
        });
        getMockEndpoint("mock:done").expectedHeaderReceived(LogAnalyticsConstants.RECORD_COUNT, 4);
        for (int i = 0; i < 4; i++) {
            template.sendBody("direct:grouped", "{\"n\":" + i + "}");
        }

        getMockEndpoint("mock:done").assertIsSatisfied(20_000);
        assertThat(received()).hasSize(1);
        assertThat(records(received().get(0))).extracting(r -> r.get("n").asInt()).containsExactly(0, 1, 2, 3);
    }
}
