package io.github.camelloganalytics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelloganalytics.emulator.LogAnalyticsEmulatorExtension;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ShutdownRoute;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dead letters never hold up delivery: whatever the dead letter endpoint is (another acknowledged
 * {@code loganalytics:} endpoint, {@code direct:}, {@code seda:}, {@code file:}, a slow or failing route), and however
 * many callers send at once, every exchange gets its outcome and every record lands, reaches the dead letter endpoint,
 * or is counted as lost. Dead letters land in the table their endpoint names.
 */
class DeadLetterTest extends CamelTestSupport {

    static final String WS = WireMockServiceSupport.WORKSPACE;
    static final String KEY = WireMockServiceSupport.KEY;
    /** A valid key the emulator does not know: every request signed with it is refused with 403. */
    static final String WRONG_KEY = "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktd3Jvbmcta2V5LXdyb25nLWtleQ==";
    static final int SENDERS = 32;
    static final int EXCHANGES = 400;

    @RegisterExtension
    static LogAnalyticsEmulatorExtension logAnalytics = LogAnalyticsEmulatorExtension.withWorkspace(WS, KEY);

    @TempDir
    Path deadDir;

    final ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    final AtomicInteger deadRecords = new AtomicInteger();

    @AfterEach
    void stopSenders() {
        senders.shutdownNow();
    }

    @Override
    protected boolean useJmx() {
        return false;
    }

    static String uri(String logType, String key, String endpoint, String options) {
        return "loganalytics:" + logType + "?workspaceId=" + WS + "&sharedKey=RAW(" + key + ")&endpoint=" + endpoint
               + "&retryBackoff=50&maxRetryBackoff=200" + (options.isEmpty() ? "" : "&" + options);
    }

    /** The main endpoint, refused with 403 on every request, sending its failures to {@code deadLetterUri}. */
    static String refused(String options, String deadLetterUri) {
        return uri("Orders", WRONG_KEY, logAnalytics.endpoint(), "maxRetries=0&deadLetterUri=" + deadLetterUri
                   + (options.isEmpty() ? "" : "&" + options));
    }

    /**
     * The main endpoint with nothing listening at its address, giving up after one quick retry: each batch fails with
     * its own connection error however long a loaded machine takes to connect (a short deliveryTimeout could end a
     * batch on a timeout before any connection was refused).
     */
    static String unreachable(String deadLetterUri) {
        return uri("Orders", KEY, "http://127.0.0.1:" + DeliveryTest.freePort(),
                "maxRetries=1&deadLetterUri=" + deadLetterUri);
    }

    /** An acknowledged endpoint that accepts: a table for failures on the same workspace. */
    static String failedOrders() {
        return uri("FailedOrders", KEY, logAnalytics.endpoint(), "batchTimeout=20");
    }

    /** Sends {@code EXCHANGES} single-record exchanges from {@code SENDERS} threads at once. */
    private List<CompletableFuture<Exchange>> sendConcurrently(String uri) {
        // resolved once, as a route does: threads resolving one new URI at once may each get an endpoint of their own
        Endpoint endpointUri = context.getEndpoint(uri);
        List<CompletableFuture<Exchange>> outcomes = new ArrayList<>();
        for (int i = 0; i < EXCHANGES; i++) {
            int n = i;
            outcomes.add(CompletableFuture.supplyAsync(
                    () -> template.request(endpointUri, e -> e.getMessage().setBody(Map.of("n", n))), senders));
        }
        return outcomes;
    }

    /** Every exchange's outcome; fails if any is still missing after a minute, which a hang would cause. */
    private static List<Exchange> outcomes(List<CompletableFuture<Exchange>> futures) throws Exception {
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private void routeDeadLettersTo(String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:dead").to(uri);
            }
        });
    }

    @Test
    void deadLettersIntoAnAcknowledgedEndpointNeverHangWhileTheServiceRefusesTheMainOne() throws Exception {
        routeDeadLettersTo(failedOrders());

        List<Exchange> outcomes = outcomes(sendConcurrently(refused("", "direct:dead")));

        assertThat(outcomes).allSatisfy(e -> assertThat(e.getException()).isInstanceOf(LogAnalyticsException.class)
                .hasMessageContaining("HTTP 403").hasMessageContaining("; they were handed to the dead letter endpoint")
                .satisfies(error -> assertThat(((LogAnalyticsException) error).isDeadLettered()).isTrue()));
        assertThat(logAnalytics.rows("FailedOrders_CL")).as("every record, in the dead letter endpoint's own table")
                .hasSize(EXCHANGES);
        assertThat(logAnalytics.rows("Orders_CL")).isEmpty();
    }

    @Test
    void deadLettersIntoAnAcknowledgedEndpointNeverHangWhileTheServiceIsUnreachable() throws Exception {
        routeDeadLettersTo(failedOrders());

        List<Exchange> outcomes = outcomes(sendConcurrently(unreachable("direct:dead")));

        assertThat(outcomes).allSatisfy(e -> assertThat(e.getException()).isInstanceOf(LogAnalyticsException.class)
                .hasMessageContaining("cannot connect to 127.0.0.1"));
        assertThat(logAnalytics.rows("FailedOrders_CL")).hasSize(EXCHANGES);
    }

    @ParameterizedTest
    @ValueSource(strings = { "direct", "seda", "file" })
    void everyDeadLetterArrivesWhateverTheDeadLetterEndpoint(String kind) throws Exception {
        String deadLetterUri = switch (kind) {
            case "direct" -> "direct:count";
            case "seda" -> "seda:count?pollTimeout=100";
            default -> "file:" + deadDir.toAbsolutePath() + "?fileName=${exchangeId}.json";
        };
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:count").process(e -> deadRecords.addAndGet(recordCount(e)));
                from("seda:count?concurrentConsumers=4&pollTimeout=100").process(e -> deadRecords.addAndGet(recordCount(e)));
            }
        });

        List<Exchange> outcomes = outcomes(sendConcurrently(refused("", deadLetterUri)));

        assertThat(outcomes).allSatisfy(e -> assertThat(e.getException()).isInstanceOf(LogAnalyticsException.class));
        if (kind.equals("file")) {
            try (Stream<Path> files = Files.list(deadDir)) {
                for (Path file : files.toList()) {
                    deadRecords.addAndGet(new ObjectMapper().readTree(file.toFile()).size());
                }
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertThat(deadRecords).as("records at the dead letter endpoint").hasValue(EXCHANGES));
    }

    @Test
    void aSlowDeadLetterEndpointSlowsTheRouteButEveryExchangeGetsItsOutcome() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // a dead letter route that blocks its thread for a while for every dead letter
                from("direct:slow").process(e -> {
                    Thread.sleep(20);
                    deadRecords.addAndGet(recordCount(e));
                });
            }
        });

        List<Exchange> outcomes = outcomes(sendConcurrently(refused("batchSize=10", "direct:slow")));

        assertThat(outcomes).allSatisfy(e -> assertThat(e.getException()).isInstanceOf(LogAnalyticsException.class));
        assertThat(deadRecords).as("each exchange failed only after its dead letter was taken").hasValue(EXCHANGES);
    }

    @Test
    void queuedRecordsThatTheDeadLetterEndpointRefusesAreCountedAsLost() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:failing").throwException(new IllegalStateException("the dead letter store is full"));
            }
        });

        List<Exchange> outcomes = outcomes(sendConcurrently(refused("deliveryMode=queued", "direct:failing")));

        assertThat(outcomes).allSatisfy(e -> assertThat(e.getException()).isNull());
        LogAnalyticsEndpoint endpoint = context.getEndpoints().stream().filter(LogAnalyticsEndpoint.class::isInstance)
                .map(LogAnalyticsEndpoint.class::cast).findFirst().orElseThrow();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(endpoint.getRecordsLost()).isEqualTo(EXCHANGES));
    }

    @Test
    void acknowledgedExchangesFailWhenTheDeadLetterEndpointRefusesTheirRecords() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:failing").throwException(new IllegalStateException("the dead letter store is full"));
            }
        });

        List<Exchange> outcomes = outcomes(sendConcurrently(refused("", "direct:failing")));

        assertThat(outcomes).allSatisfy(e -> assertThat(e.getException()).isInstanceOf(LogAnalyticsException.class)
                .hasMessageContaining("HTTP 403")
                .satisfies(error -> assertThat(((LogAnalyticsException) error).isDeadLettered()).isFalse()));
        LogAnalyticsEndpoint endpoint = context.getEndpoints().stream().filter(LogAnalyticsEndpoint.class::isInstance)
                .map(LogAnalyticsEndpoint.class::cast).findFirst().orElseThrow();
        assertThat(endpoint.getRecordsLost()).as("each exchange was told: nothing is lost").isZero();
    }

    @Test
    void aDeadLetterRouteCanSendTheRecordsAgainToTheirOriginalTable() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:resend")
                        .setHeader(LogAnalyticsConstants.LOG_TYPE, header(LogAnalyticsConstants.ORIGINAL_LOG_TYPE))
                        .to(uri("Unused", KEY, logAnalytics.endpoint(), "batchTimeout=20"));
            }
        });

        Exchange result = template.request(unreachable("direct:resend"), e -> e.getMessage().setBody(
                List.of(Map.of("n", 1), Map.of("n", 2))));

        assertThat(result.getException()).isInstanceOf(LogAnalyticsException.class);
        assertThat(logAnalytics.rows("Orders_CL")).hasSize(2);
        assertThat(logAnalytics.rows("Unused_CL")).isEmpty();
    }

    @Test
    void anExchangeTooLargeForMaxPendingBytesReachesTheDeadLetterEndpointBeforeItFails() throws Exception {
        routeDeadLettersTo(failedOrders());
        String small = uri("Orders", KEY, logAnalytics.endpoint(), "maxPendingBytes=4096&deadLetterUri=direct:dead");
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(Map.of("n", i, "text", "x".repeat(200)));
        }

        Exchange result = template.request(small, e -> e.getMessage().setBody(records));

        assertThat(result.getException()).isInstanceOf(LogAnalyticsException.class)
                .hasMessageContaining("more than maxPendingBytes (4096)")
                .hasMessageContaining("its 20 records were handed to the dead letter endpoint");
        assertThat(((LogAnalyticsException) result.getException()).isRetryable()).isFalse();
        assertThat(((LogAnalyticsException) result.getException()).isDeadLettered()).isTrue();
        assertThat(logAnalytics.rows("FailedOrders_CL")).hasSize(20);
    }

    @Test
    void aStopGivesUpOnADeadLetterEndpointThatDoesNotAnswerByTheShutdownTimeout() throws Exception {
        context.getShutdownStrategy().setTimeout(2);
        LogAnalyticsEndpoint endpoint = context.getEndpoint(refused("deliveryMode=queued&batchSize=5", "direct:stuck"),
                LogAnalyticsEndpoint.class);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // answers only once the stop has given up on it, and counted its records as lost
                from("direct:stuck").shutdownRoute(ShutdownRoute.Defer).process(e -> Awaitility.await()
                        .atMost(Duration.ofSeconds(60)).until(() -> endpoint.getRecordsLost() == 20));
            }
        });
        List<CompletableFuture<Exchange>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            futures.add(template.asyncSend(endpoint, e -> e.getMessage().setBody(Map.of("n", n))));
        }
        outcomes(futures);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> endpoint.getDeadLettersUnderWay() > 0);

        context.stop();

        assertThat(endpoint.getRecordsLost()).as("records whose hand-over was given up at the stop deadline")
                .isEqualTo(20);
        assertThat(endpoint.getDeadLettersUnderWay()).isZero();
    }

    private static int recordCount(Exchange e) {
        return e.getMessage().getHeader(LogAnalyticsConstants.RECORD_COUNT, Integer.class);
    }
}
