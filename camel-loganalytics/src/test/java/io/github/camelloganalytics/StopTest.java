package io.github.camelloganalytics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.github.camelloganalytics.emulator.Fault;
import io.github.camelloganalytics.emulator.LogAnalyticsEmulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ShutdownRoute;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping keeps the promise: every pending exchange gets its outcome, every undelivered record of queued delivery
 * reaches the dead letter endpoint, and a context stops within one shutdown timeout however many endpoints it has and
 * whatever state the service is in.
 */
class StopTest extends CamelTestSupport {

    static final String WS = WireMockServiceSupport.WORKSPACE;
    static final String KEY = WireMockServiceSupport.KEY;

    @RegisterExtension
    static LogAnalyticsEmulatorExtension logAnalytics = LogAnalyticsEmulatorExtension.withWorkspace(WS, KEY);

    @TempDir
    Path deadDir;

    final AtomicInteger deadRecords = new AtomicInteger();

    @Override
    protected boolean useJmx() {
        return false;
    }

    static String uri(String logType, String endpoint, String options) {
        return "loganalytics:" + logType + "?workspaceId=" + WS + "&sharedKey=RAW(" + KEY + ")&endpoint=" + endpoint
               + (options.contains("retryBackoff=") ? "" : "&retryBackoff=300&maxRetryBackoff=1000")
               + (options.isEmpty() ? "" : "&" + options);
    }

    static String uri(String logType, String options) {
        return uri(logType, logAnalytics.endpoint(), options);
    }

    /** Seconds a stop takes. */
    private double stopContext() {
        long start = System.nanoTime();
        context.stop();
        return (System.nanoTime() - start) / 1e9;
    }

    private List<CompletableFuture<Exchange>> sendAsync(String endpoint, int count) {
        List<CompletableFuture<Exchange>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            // InOut: the caller hears the outcome of the route, through seda too
            futures.add(template.asyncSend(endpoint, e -> {
                e.setPattern(ExchangePattern.InOut);
                e.getMessage().setBody(Map.of("n", n));
            }));
        }
        return futures;
    }

    private static List<Exchange> outcomes(List<CompletableFuture<Exchange>> futures) throws Exception {
        List<Exchange> done = new ArrayList<>();
        for (CompletableFuture<Exchange> future : futures) {
            done.add(future.get(20, TimeUnit.SECONDS));
        }
        return done;
    }

    @ParameterizedTest
    @ValueSource(strings = { "direct", "seda", "file" })
    void queuedRecordsUndeliveredAtStopDuringAnOutageAllReachTheDeadLetterEndpoint(String kind) throws Exception {
        logAnalytics.emulator().faults().add(List.of(Fault.status(-1, 503)));
        // room to answer every batch at the stop on a loaded machine; a passing stop ends once they are answered
        context.getShutdownStrategy().setTimeout(15);
        String deadLetterUri = switch (kind) {
            case "direct" -> "direct:dead";
            case "seda" -> "seda:dead";
            default -> "file:" + deadDir.toAbsolutePath() + "?fileName=${exchangeId}.json";
        };
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                for (int route = 0; route < 3; route++) {
                    from("direct:in" + route).to(uri("Queued" + route, "deliveryMode=queued&batchSize=20&deadLetterUri=" + deadLetterUri));
                }
                // a dead letter route in the same context stays up until the routes that feed it have drained
                from("direct:dead").shutdownRoute(ShutdownRoute.Defer)
                        .process(e -> deadRecords.addAndGet(e.getMessage().getHeader(LogAnalyticsConstants.RECORD_COUNT, Integer.class)));
                from("seda:dead?pollTimeout=100").shutdownRoute(ShutdownRoute.Defer)
                        .process(e -> deadRecords.addAndGet(e.getMessage().getHeader(LogAnalyticsConstants.RECORD_COUNT, Integer.class)));
            }
        });
        for (int route = 0; route < 3; route++) {
            for (int i = 0; i < 100; i++) {
                Exchange result = template.request("direct:in" + route, e -> e.getMessage().setBody(Map.of("n", 1)));
                assertThat(result.getException()).isNull();
            }
        }

        context.stop();

        if (kind.equals("file")) {
            try (Stream<Path> files = Files.list(deadDir)) {
                for (Path file : files.toList()) {
                    deadRecords.addAndGet(new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile()).size());
                }
            }
        }
        assertThat(deadRecords).as("records at the dead letter endpoint").hasValue(300);
    }

    @Test
    void acknowledgedExchangesAllGetAnOutcomeWhenTheContextStopsDuringAnOutage() throws Exception {
        logAnalytics.emulator().faults().add(List.of(Fault.status(-1, 503)));
        // room to answer every batch at the stop on a loaded machine; a passing stop ends once they are answered
        context.getShutdownStrategy().setTimeout(15);
        List<CompletableFuture<Exchange>> futures = new ArrayList<>();
        for (int route = 0; route < 3; route++) {
            int r = route;
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("seda:ack" + r + "?concurrentConsumers=10&pollTimeout=100").errorHandler(noErrorHandler())
                            // a fixed limit: 503s would lower an adaptive one, leaving batches to wait for a slot
                            .to(uri("Ack" + r, "batchSize=10&adaptiveConcurrency=false"));
                }
            });
            futures.addAll(sendAsync("seda:ack" + route + "?pollTimeout=100", 100));
        }
        await(() -> logAnalytics.emulator().ingestionRequests() >= 3);

        context.stop();

        assertThat(outcomes(futures)).allSatisfy(outcome -> assertThat(outcome.getException())
                .isInstanceOf(LogAnalyticsException.class).hasMessageContaining("the producer is stopping"));
    }

    @Test
    void stoppingARouteSendsItsPendingBatchesAtOnce() throws Exception {
        context.getShutdownStrategy().setTimeout(30);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("seda:hourly?concurrentConsumers=5&pollTimeout=100").routeId("hourly").to(uri("Hourly", "batchSize=1000&batchTimeout=1h"));
            }
        });
        List<CompletableFuture<Exchange>> futures = sendAsync("seda:hourly?pollTimeout=100", 5);
        LogAnalyticsEndpoint endpoint = context.getEndpoints().stream().filter(LogAnalyticsEndpoint.class::isInstance)
                .map(LogAnalyticsEndpoint.class::cast).findFirst().orElseThrow();
        await(() -> endpoint.getPendingBytes() > 0 && context.getInflightRepository().size("hourly") == 5);

        context.getRouteController().stopRoute("hourly");

        assertThat(outcomes(futures)).as("delivered, not failed by a stop that sat out the 30 s timeout or the hour")
                .allSatisfy(e -> assertThat(e.getException()).isNull());
        assertThat(logAnalytics.rows("Hourly_CL")).hasSize(5);
    }

    @Test
    void aContextWithManyEndpointsStopsWithinOneShutdownTimeoutWhileTheServiceStalls() throws Exception {
        logAnalytics.emulator().faults().add(List.of(Fault.latency(-1, 60_000)));
        context.getShutdownStrategy().setTimeout(2);
        List<CompletableFuture<Exchange>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            futures.addAll(sendAsync(uri("Stalled" + i, "batchTimeout=10"), 2));
        }
        await(() -> logAnalytics.emulator().ingestionRequests() >= 8);

        double seconds = stopContext();

        assertThat(outcomes(futures)).allSatisfy(e -> assertThat(e.getException())
                .hasMessageContaining("the producer stopped before the service accepted the records"));
        // one timeout each would take 8 x 2 s: the bound leaves a loaded machine most of that to be late
        assertThat(seconds).as("one shutdown timeout (2 s) for all 8 endpoints, not one each").isLessThan(8 * 2.0);
    }

    @Test
    void stoppingWithTheServiceUnreachableEndsPromptly() throws Exception {
        context.getShutdownStrategy().setTimeout(30);
        String unreachable = "http://127.0.0.1:" + DeliveryTest.freePort();
        List<CompletableFuture<Exchange>> futures = sendAsync(uri("Unreachable", unreachable, "batchTimeout=10&retryBackoff=2000"), 3);
        LogAnalyticsEndpoint endpoint = context.getEndpoints().stream().filter(LogAnalyticsEndpoint.class::isInstance)
                .map(LogAnalyticsEndpoint.class::cast).findFirst().orElseThrow();
        await(() -> endpoint.getRetries() > 0);

        context.stop();

        assertThat(outcomes(futures)).as("no retry ran out its backoff during the stop").allSatisfy(e -> assertThat(e.getException())
                .hasMessageContaining("cannot connect to 127.0.0.1:").hasMessageContaining("not retried: the producer is stopping"));
    }

    @Test
    void aRouteStoppedWithAShorterTimeoutThanTheContextsStillGivesEveryExchangeAnOutcome() throws Exception {
        logAnalytics.emulator().faults().add(List.of(Fault.latency(-1, 60_000)));
        context.getShutdownStrategy().setTimeout(30);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:forced").routeId("forced").to(uri("Forced", "batchTimeout=10"));
            }
        });
        List<CompletableFuture<Exchange>> futures = sendAsync("direct:forced", 5);
        await(() -> logAnalytics.emulator().ingestionRequests() >= 1);

        context.getRouteController().stopRoute("forced", 1, TimeUnit.SECONDS);

        assertThat(outcomes(futures)).allSatisfy(e -> assertThat(e.getException())
                .hasMessageContaining("the producer stopped before the service accepted the records"));
    }

    @Test
    void theLogNamesEveryRecordLostAtAStopAsJmxCountsThem() throws Exception {
        logAnalytics.emulator().faults().add(List.of(Fault.latency(-1, 60_000)));
        context.getShutdownStrategy().setTimeout(2);
        String queued = uri("Lost", "deliveryMode=queued&batchSize=10&batchTimeout=10");
        LogAnalyticsEndpoint endpoint = context.getEndpoint(queued, LogAnalyticsEndpoint.class);
        for (int i = 0; i < 500; i++) {
            int n = i;
            assertThat(template.request(endpoint, e -> e.getMessage().setBody(Map.of("n", n))).getException()).isNull();
        }
        await(() -> logAnalytics.emulator().ingestionRequests() >= 1);

        long logged;
        try (LogCapture errors = new LogCapture(org.apache.logging.log4j.Level.ERROR, "io.github.camelloganalytics")) {
            context.stop();
            java.util.regex.Pattern lost = java.util.regex.Pattern.compile("^(\\d+) (?:more )?records (?:of logType \\w+ )?are lost");
            logged = errors.lines().stream().map(lost::matcher).filter(java.util.regex.Matcher::find)
                    .mapToLong(m -> Long.parseLong(m.group(1))).sum();
        }

        assertThat(endpoint.getRecordsLost()).as("every record: queued, no dead letter endpoint, none answered").isEqualTo(500);
        assertThat(logged).as("records the ERROR lines name as lost").isEqualTo(500);
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(condition::getAsBoolean);
    }
}
