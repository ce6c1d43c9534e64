package io.github.camelloganalytics.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.monitor.ingestion.LogsIngestionClient;
import com.azure.monitor.ingestion.LogsIngestionClientBuilder;
import com.azure.monitor.ingestion.models.LogsUploadOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelloganalytics.emulator.SelfSignedTls;
import io.netty.handler.ssl.SslContextBuilder;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import reactor.core.publisher.Mono;

import static io.github.camelloganalytics.benchmarks.Scenarios.BATCH;
import static io.github.camelloganalytics.benchmarks.Scenarios.CONCURRENCY;
import static io.github.camelloganalytics.benchmarks.Scenarios.SENDERS;

/**
 * The ways to ship the same records to a Logs Ingestion sink over https: without Camel, with the component, and with
 * what a user writes instead (an Aggregator feeding Microsoft's {@code LogsIngestionClient}).
 */
final class LogsIngestionScenarios {

    static final String RULE = "dcr-00000000000000000000000000000b0e";
    static final String STREAM = "Custom-Bench_CL";
    static final String TOKEN = "benchmark-token";
    /** The gzip level of the limit scenario: the component's (the Azure SDK uses the JDK's default, 6). */
    static final int GZIP_LEVEL = 1;

    private final LogEvents events;
    private final String endpoint;
    private final SelfSignedTls tls;
    private final Path trustStore;
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http;

    LogsIngestionScenarios(LogEvents events, String endpoint, SelfSignedTls tls) {
        this.events = events;
        this.endpoint = endpoint;
        this.tls = tls;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls.clientContext()).build();
        try {
            this.trustStore = Files.createTempFile("benchmark-sink", ".p12");
            // read by the scenarios' clients for as long as they run
            trustStore.toFile().deleteOnExit();
            tls.writeTrustStore(trustStore, "changeit");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private URI streamUri() {
        return URI.create(endpoint + "/dataCollectionRules/" + RULE + "/streams/" + STREAM + "?api-version=2023-01-01");
    }

    /**
     * No Camel: Jackson, gzip and the JDK client, CONCURRENCY requests in flight, each request as many records as fit
     * in 1 MiB of JSON (the rule the Azure SDK and the component both apply) up to BATCH.
     */
    Scenarios.Scenario limit() {
        return new Scenarios.Scenario() {
            public String name() {
                return "logsIngestion limit (Jackson + gzip + JDK HttpClient, no Camel)";
            }

            public String api() {
                return "logsIngestion";
            }

            public String way() {
                return "limit";
            }

            public void run(long count) throws Exception {
                List<long[]> requests = requests(count);
                Scenarios.post(http, requests.size(), CONCURRENCY, n -> {
                    long[] range = requests.get((int) n);
                    List<Map<String, Object>> batch = new ArrayList<>((int) (range[1] - range[0]));
                    for (long i = range[0]; i < range[1]; i++) {
                        batch.add(events.get(i));
                    }
                    return HttpRequest.newBuilder(streamUri()).header("Authorization", "Bearer " + TOKEN)
                            .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(batch))).build();
                }, 204);
            }

            /** Record ranges [from, to) of at most BATCH records and 1 MiB of JSON (an array: brackets and commas). */
            private List<long[]> requests(long count) {
                List<long[]> ranges = new ArrayList<>();
                long from = 0;
                long bytes = 2;
                for (long i = 0; i < count; i++) {
                    int size = events.size(i) + 1;
                    if (i > from && (bytes + size > CountingSink.MAX_LOGS_INGESTION_BODY || i - from == BATCH)) {
                        ranges.add(new long[] {from, i});
                        from = i;
                        bytes = 2;
                    }
                    bytes += size;
                }
                if (count > from) {
                    ranges.add(new long[] {from, count});
                }
                return ranges;
            }
        };
    }

    private byte[] gzip(List<Map<String, Object>> batch) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(bytes, 64 * 1024) {
                {
                    def.setLevel(GZIP_LEVEL);
                }
            }) {
                mapper.writeValue(out, batch);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Camel context whose registry has the token credential and the TLS parameters that trust the sink. */
    private CamelContext camel(RouteBuilder routes) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getShutdownStrategy().setTimeout(30);
        TokenCredential credential = request -> Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
        context.getRegistry().bind("benchmarkCredential", credential);
        context.getRegistry().bind("benchmarkTls", trusting());
        context.addRoutes(routes);
        context.start();
        return context;
    }

    private SSLContextParameters trusting() {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource("file:" + trustStore);
        store.setPassword("changeit");
        store.setType("PKCS12");
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(store);
        SSLContextParameters parameters = new SSLContextParameters();
        parameters.setTrustManagers(trust);
        return parameters;
    }

    /**
     * The limit at a steady rate: records gathered as they come into requests of BATCH records or 1 MiB of JSON, or
     * whatever arrived within the component's default batchTimeout (100 ms), posted with CONCURRENCY in flight; each
     * record is done when its request was accepted.
     */
    SteadyRate.Target steadyLimit() {
        return new SteadyRate.Target() {
            private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "steady-limit-timer");
                thread.setDaemon(true);
                return thread;
            });
            private final Semaphore slots = new Semaphore(CONCURRENCY);
            private List<Map<String, Object>> records = new ArrayList<>();
            private List<Consumer<Throwable>> waiting = new ArrayList<>();
            private long bytes = 2;
            private long firstAt;

            {
                timer.scheduleWithFixedDelay(() -> flushIf(true), 10, 10, TimeUnit.MILLISECONDS);
            }

            public String api() {
                return "logsIngestion";
            }

            public String way() {
                return "limit";
            }

            public boolean acknowledged() {
                return true;
            }

            public void send(long index, Consumer<Throwable> done) {
                int size = events.size(index) + 1;
                synchronized (this) {
                    if (!records.isEmpty() && bytes + size > CountingSink.MAX_LOGS_INGESTION_BODY) {
                        flushIf(false);
                    }
                    if (records.isEmpty()) {
                        firstAt = System.nanoTime();
                    }
                    records.add(events.get(index));
                    waiting.add(done);
                    bytes += size;
                    if (records.size() == BATCH) {
                        flushIf(false);
                    }
                }
            }

            /** Posts what is gathered: at once, or when {@code onlyWhenDue}, once its first record waited 100 ms. */
            private void flushIf(boolean onlyWhenDue) {
                List<Map<String, Object>> batch;
                List<Consumer<Throwable>> done;
                synchronized (this) {
                    if (records.isEmpty() || onlyWhenDue && System.nanoTime() - firstAt < TimeUnit.MILLISECONDS.toNanos(100)) {
                        return;
                    }
                    batch = records;
                    done = waiting;
                    records = new ArrayList<>();
                    waiting = new ArrayList<>();
                    bytes = 2;
                }
                slots.acquireUninterruptibly();
                HttpRequest request = HttpRequest.newBuilder(streamUri()).header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(batch))).build();
                http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                    slots.release();
                    Throwable outcome = failure != null ? failure
                            : response.statusCode() == 204 ? null : new IllegalStateException("HTTP " + response.statusCode());
                    done.forEach(d -> d.accept(outcome));
                });
            }

            public void close() {
                timer.shutdownNow();
            }
        };
    }

    /**
     * What a user writes at a steady rate: an Aggregator completing groups of BATCH, or every 100 ms (the component's
     * default batchTimeout), in parallel, each group uploaded by Microsoft's client. The exchange is done once
     * aggregated, not when the service accepted it.
     */
    SteadyRate.Target steadySdkRoute() throws Exception {
        LogsIngestionClient client = sdkClient();
        LogsUploadOptions options = new LogsUploadOptions().setMaxConcurrency(CONCURRENCY);
        CamelContext context = camel(new RouteBuilder() {
            public void configure() {
                from("direct:steady")
                        .aggregate(constant(true), new GroupedBodyAggregationStrategy())
                        .completionSize(BATCH).completionInterval(100).parallelProcessing()
                        .process(exchange -> client.upload(RULE, STREAM, exchange.getMessage().getBody(List.class), options));
            }
        });
        return SteadyRate.camel("logsIngestion", "sdk", false, context, events, null);
    }

    private LogsIngestionClient sdkClient() throws IOException {
        io.netty.handler.ssl.SslContext trusting = SslContextBuilder.forClient().trustManager(tls.certificate()).build();
        return new LogsIngestionClientBuilder()
                .endpoint(endpoint)
                .credential(request -> Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1))))
                .httpClient(new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create()
                        .secure(spec -> spec.sslContext(trusting))).build())
                .buildClient();
    }

    /** The component at a steady rate, one record per exchange, acknowledged or queued. */
    SteadyRate.Target steadyComponent(boolean queued) throws Exception {
        return SteadyRate.camel("logsIngestion", queued ? "single queued" : "single acknowledged", !queued,
                steadyContext(queued ? "deliveryMode=queued" : ""), events, null);
    }

    /** A started context whose route {@code direct:steady} ships one record per exchange with these options. */
    private CamelContext steadyContext(String options) throws Exception {
        return camel(new RouteBuilder() {
            public void configure() {
                from("direct:steady").to(componentUri(options, true));
            }
        });
    }

    /**
     * The component's URI: at steady rates with the rule's quota as deployments keep it; flat out with none kept (the
     * sink has none), so that the ways compare at what each can send.
     */
    private String componentUri(String options, boolean quota) {
        if (!quota) {
            options = "bytesPerMinute=0" + (options.contains("requestsPerMinute=") ? "" : "&requestsPerMinute=0")
                      + (options.isEmpty() ? "" : "&" + options);
        }
        return "loganalytics:Bench?api=logsIngestion&endpoint=" + endpoint + "&ruleId=" + RULE
               + "&credentialType=tokenCredential&tokenCredential=#benchmarkCredential&sslContextParameters=#benchmarkTls"
               + (options.isEmpty() ? "" : "&" + options);
    }

    /** Lists of {@code listSize} records per exchange from CALLERS threads that each wait for their exchange. */
    Scenarios.Scenario componentListBodies(int listSize) throws Exception {
        CamelContext context = camel(new RouteBuilder() {
            public void configure() {
                from("direct:list").to(componentUri("", false));
            }
        });
        ProducerTemplate template = context.createProducerTemplate();
        org.apache.camel.Endpoint list = context.getEndpoint("direct:list");
        return new Scenarios.Scenario() {
            public String name() {
                return "logsIngestion component, list bodies (" + listSize + " records per exchange, " + Scenarios.CALLERS
                       + " threads)";
            }

            public String api() {
                return "logsIngestion";
            }

            public String way() {
                return "list";
            }

            public void run(long count) throws Exception {
                Scenarios.sendLists(events, count, listSize, template, list);
            }

            public void close() throws Exception {
                context.close();
            }
        };
    }

    /** One record per exchange from SENDERS threads (see {@link Scenarios#singleRecordSource}). */
    Scenarios.Scenario componentSingleRecords(boolean queued) throws Exception {
        return componentSingleRecords(queued, "");
    }

    /** The single-record scenario with extra endpoint options, to compare settings. */
    Scenarios.Scenario componentSingleRecords(boolean queued, String options) throws Exception {
        String uri = componentUri((queued ? "deliveryMode=queued" : "") + (queued && !options.isEmpty() ? "&" : "") + options,
                false);
        String source = Scenarios.singleRecordSource(queued);
        CamelContext context = camel(new RouteBuilder() {
            public void configure() {
                from(source).to(uri);
            }
        });
        ProducerTemplate template = context.createProducerTemplate();
        org.apache.camel.Endpoint from = context.getEndpoint(source);
        return new Scenarios.Scenario() {
            public String name() {
                return "logsIngestion component, single-record exchanges (" + SENDERS + " senders, "
                       + (queued ? "direct, queued" : "seda, acknowledged") + ")"
                       + (options.isEmpty() ? "" : " " + options);
            }

            public String api() {
                return "logsIngestion";
            }

            public String way() {
                return queued ? "single queued" : "single acknowledged";
            }

            public void run(long count) throws Exception {
                Scenarios.sendEach(count, SENDERS, i -> template.sendBody(from, events.get(i)));
            }

            public void close() throws Exception {
                context.close();
            }
        };
    }

    /**
     * What a user writes without the component: single-record exchanges into an Aggregator whose groups a bean uploads
     * with Microsoft's client, its concurrency option set to CONCURRENCY as its documentation suggests for throughput.
     */
    Scenarios.Scenario sdkRoute() throws Exception {
        LogsIngestionClient client = sdkClient();
        LogsUploadOptions options = new LogsUploadOptions().setMaxConcurrency(CONCURRENCY);
        CamelContext context = camel(new RouteBuilder() {
            public void configure() {
                from("direct:sdk")
                        .aggregate(constant(true), new GroupedBodyAggregationStrategy())
                        .completionSize(BATCH).completionTimeout(1000)
                        .process(exchange -> client.upload(RULE, STREAM, exchange.getMessage().getBody(List.class), options));
            }
        });
        ProducerTemplate template = context.createProducerTemplate();
        org.apache.camel.Endpoint sdk = context.getEndpoint("direct:sdk");
        return new Scenarios.Scenario() {
            public String name() {
                return "logsIngestion aggregator + Azure SDK upload (maxConcurrency " + CONCURRENCY + ", " + SENDERS
                       + " senders)";
            }

            public String api() {
                return "logsIngestion";
            }

            public String way() {
                return "sdk";
            }

            public void run(long count) throws Exception {
                Scenarios.sendEach(count, SENDERS, i -> template.sendBody(sdk, events.get(i)));
            }

            public void close() throws Exception {
                context.close();
            }
        };
    }
}
