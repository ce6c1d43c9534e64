package io.github.camelloganalytics.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.dataformat.JsonLibrary;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;

/**
 * The ways to ship the same records to the same sink. Each scenario sends {@code count} records and returns; the
 * harness waits until the sink counted them all.
 */
final class Scenarios {

    static final int CONCURRENCY = 4;
    static final int BATCH = 1000;
    static final int SENDERS = 8;
    /** The same URI on both sides, so that senders block (blockWhenFull) instead of failing when the queue is full. */
    static final String SEDA = "seda:events?concurrentConsumers=" + SENDERS + "&size=10000&blockWhenFull=true";

    private static final DateTimeFormatter X_MS_DATE
            = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final LogEvents events;
    private final String endpoint;
    private final String workspaceId;
    private final String key;
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    Scenarios(LogEvents events, String endpoint, String workspaceId, String key) {
        this.events = events;
        this.endpoint = endpoint;
        this.workspaceId = workspaceId;
        this.key = key;
    }

    interface Scenario {
        String name();

        void run(long count) throws Exception;

        default void close() throws Exception {
        }
    }

    String sign(int length, String date) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
            String toSign = "POST\n" + length + "\napplication/json\nx-ms-date:" + date + "\n/api/logs";
            return "SharedKey " + workspaceId + ":"
                   + Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest request(byte[] body) {
        String date = X_MS_DATE.format(Instant.now());
        return HttpRequest.newBuilder(URI.create(endpoint + "/api/logs?api-version=2016-04-01"))
                .header("Content-Type", "application/json").header("Log-Type", "Bench").header("x-ms-date", date)
                .header("Authorization", sign(body.length, date)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** The sink alone: one pre-built, pre-signed body posted over and over. */
    Scenario sinkCeiling() {
        return new Scenario() {
            public String name() {
                return "sink ceiling";
            }

            public void run(long count) throws Exception {
                List<Map<String, Object>> batch = new ArrayList<>();
                for (int i = 0; i < BATCH; i++) {
                    batch.add(events.get(i));
                }
                byte[] body = mapper.writeValueAsBytes(batch);
                HttpRequest request = request(body);
                post(count / BATCH, SENDERS, n -> request);
            }
        };
    }

    /** No Camel: serialize batches with Jackson, sign, post with the JDK client at the same concurrency. */
    Scenario limit() {
        return new Scenario() {
            public String name() {
                return "limit (Jackson + JDK HttpClient, no Camel)";
            }

            public void run(long count) throws Exception {
                post((count + BATCH - 1) / BATCH, CONCURRENCY, n -> {
                    List<Map<String, Object>> batch = new ArrayList<>(BATCH);
                    for (long i = n * BATCH; i < Math.min(count, (n + 1) * BATCH); i++) {
                        batch.add(events.get(i));
                    }
                    try {
                        return request(mapper.writeValueAsBytes(batch));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        };
    }

    interface RequestFactory {
        HttpRequest create(long n);
    }

    private void post(long requests, int concurrency, RequestFactory factory) throws Exception {
        Semaphore slots = new Semaphore(concurrency);
        AtomicLong failures = new AtomicLong();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (long n = 0; n < requests; n++) {
            slots.acquire();
            HttpRequest request = factory.create(n);
            pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                if (e != null || r.statusCode() != 200) {
                    failures.incrementAndGet();
                }
                slots.release();
            }));
            if (pending.size() > 4 * concurrency) {
                pending.removeIf(CompletableFuture::isDone); // keep memory flat: done requests hold their bodies
            }
        }
        CompletableFuture.allOf(pending.toArray(new CompletableFuture[0])).join();
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " requests failed");
        }
    }

    private CamelContext camel(RouteBuilder routes) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getShutdownStrategy().setTimeout(30);
        context.addRoutes(routes);
        context.start();
        return context;
    }

    private String componentUri(String options) {
        return "loganalytics:Bench?workspaceId=" + workspaceId + "&sharedKey=RAW(" + key + ")&endpoint=" + endpoint
               + (options.isEmpty() ? "" : "&" + options);
    }

    /** Exchanges whose bodies are lists of records, from CONCURRENCY threads, acknowledged. */
    Scenario componentListBodies() throws Exception {
        CamelContext context = camel(new RouteBuilder() {
            public void configure() {
                from("direct:list").to(componentUri(""));
            }
        });
        ProducerTemplate template = context.createProducerTemplate();
        // endpoints are resolved once: resolving a URI string on every send would be the harness's cost, not Camel's
        org.apache.camel.Endpoint list = context.getEndpoint("direct:list");
        return new Scenario() {
            public String name() {
                return "component, list bodies (" + BATCH + " records per exchange)";
            }

            public void run(long count) throws Exception {
                long lists = (count + BATCH - 1) / BATCH;
                AtomicLong next = new AtomicLong();
                runThreads(CONCURRENCY, () -> {
                    for (long n = next.getAndIncrement(); n < lists; n = next.getAndIncrement()) {
                        List<Map<String, Object>> batch = new ArrayList<>(BATCH);
                        for (long i = n * BATCH; i < Math.min(count, (n + 1) * BATCH); i++) {
                            batch.add(events.get(i));
                        }
                        Exchange result = template.request(list, e -> e.getMessage().setBody(batch));
                        if (result.getException() != null) {
                            throw new IllegalStateException(result.getException());
                        }
                    }
                });
            }

            public void close() throws Exception {
                context.close();
            }
        };
    }

    /** One record per exchange from SENDERS threads into a seda route with SENDERS consumers, acknowledged. */
    Scenario componentSingleRecords() throws Exception {
        return componentSingleRecords("");
    }

    /** The single-record scenario with extra endpoint options, to compare settings. */
    Scenario componentSingleRecords(String options) throws Exception {
        CamelContext context = camel(new RouteBuilder() {
            public void configure() {
                from(SEDA).to(componentUri(options));
            }
        });
        ProducerTemplate template = context.createProducerTemplate();
        org.apache.camel.Endpoint seda = context.getEndpoint(SEDA);
        return new Scenario() {
            public String name() {
                return "component, single-record exchanges (" + SENDERS + " senders, seda, acknowledged)"
                       + (options.isEmpty() ? "" : " " + options);
            }

            public void run(long count) throws Exception {
                sendEach(count, SENDERS, i -> template.sendBody(seda, events.get(i)));
            }

            public void close() throws Exception {
                context.close();
            }
        };
    }

    /** One record per exchange from one thread, queued delivery. */
    Scenario componentQueued() throws Exception {
        CamelContext context = camel(new RouteBuilder() {
            public void configure() {
                from("direct:queued").to(componentUri("deliveryMode=queued"));
            }
        });
        ProducerTemplate template = context.createProducerTemplate();
        org.apache.camel.Endpoint queued = context.getEndpoint("direct:queued");
        return new Scenario() {
            public String name() {
                return "component, single-record exchanges (1 thread, queued)";
            }

            public void run(long count) {
                for (long i = 0; i < count; i++) {
                    template.sendBody(queued, events.get(i));
                }
            }

            public void close() throws Exception {
                context.close();
            }
        };
    }

    /** What a Camel user writes without the component: Aggregator + marshal + signing Processor + camel-http. */
    Scenario diyRoute() throws Exception {
        String target = endpoint + "/api/logs?api-version=2016-04-01";
        CamelContext context = camel(new RouteBuilder() {
            public void configure() {
                from("direct:diy")
                        .aggregate(constant(true), new GroupedBodyAggregationStrategy())
                        .completionSize(BATCH).completionTimeout(1000)
                        .marshal().json(JsonLibrary.Jackson)
                        .process(exchange -> {
                            byte[] body = exchange.getMessage().getBody(byte[].class);
                            String date = X_MS_DATE.format(Instant.now());
                            exchange.getMessage().setBody(body);
                            exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
                            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                            exchange.getMessage().setHeader("Log-Type", "Bench");
                            exchange.getMessage().setHeader("x-ms-date", date);
                            exchange.getMessage().setHeader("Authorization", sign(body.length, date));
                        })
                        .to(target);
            }
        });
        ProducerTemplate template = context.createProducerTemplate();
        org.apache.camel.Endpoint diy = context.getEndpoint("direct:diy");
        return new Scenario() {
            public String name() {
                return "diy route (aggregate + marshal + sign + camel-http, " + SENDERS + " senders)";
            }

            public void run(long count) throws Exception {
                sendEach(count, SENDERS, i -> template.sendBody(diy, events.get(i)));
            }

            public void close() throws Exception {
                context.close();
            }
        };
    }

    interface IndexedSend {
        void send(long index) throws Exception;
    }

    private static void sendEach(long count, int threads, IndexedSend send) throws Exception {
        AtomicLong next = new AtomicLong();
        runThreads(threads, () -> {
            for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                send.send(i);
            }
        });
    }

    interface Body {
        void run() throws Exception;
    }

    private static void runThreads(int threads, Body body) throws Exception {
        List<Thread> started = new ArrayList<>();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    body.run();
                } catch (Throwable e) {
                    errors.add(e);
                }
            }, "sender-" + t);
            thread.start();
            started.add(thread);
        }
        for (Thread thread : started) {
            thread.join();
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("a sender failed", errors.get(0));
        }
    }
}
