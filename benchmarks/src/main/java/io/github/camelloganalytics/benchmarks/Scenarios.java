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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.dataformat.JsonLibrary;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * The ways to ship the same records to the same sink. Each scenario sends {@code count} records and returns; the
 * harness waits until the sink counted them all.
 */
final class Scenarios {

    /**
     * Requests in flight of the no-Camel limits and of Microsoft's client: where the component's adaptive limit starts,
     * and what 4 callers that each wait for a list can use. The component, untouched, may go up to 16.
     */
    static final int CONCURRENCY = 4;
    /** The component's default batchSize, used by every scenario. */
    static final int BATCH = 10_000;
    /** Records per request body in the sink-ceiling scenario. */
    static final int LIST = 1000;
    static final int SENDERS = 8;
    /** Threads that each send a list and wait for its answer. */
    static final int CALLERS = 4;
    /** The same URI on both sides, so that senders block (blockWhenFull) instead of failing when the queue is full. */
    static final String SEDA = "seda:events?concurrentConsumers=" + SENDERS + "&size=10000&blockWhenFull=true";

    /**
     * Where the senders of a single-record scenario send. An acknowledged producer holds each exchange until the
     * service answered, so a seda route with SENDERS consumers carries them and no sender waits for a round trip. A
     * queued producer completes the exchange as it takes the records, as the do-it-yourself routes' Aggregator does,
     * so both are fed alike: the senders call the route directly.
     */
    static String singleRecordSource(boolean queued) {
        return queued ? "direct:single" : SEDA;
    }

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

        /** The API it ships with: {@code dataCollector} or {@code logsIngestion}. */
        default String api() {
            return "dataCollector";
        }

        /**
         * How it ships, in a word that results.json rows share across APIs: {@code limit}, {@code list},
         * {@code single acknowledged}, {@code single queued}, {@code diy}, {@code diy parallel}, {@code sdk}, ...
         */
        String way();

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

    /** The sink alone: pre-built, pre-signed bodies of LIST records posted over and over. */
    Scenario sinkCeiling() {
        return new Scenario() {
            public String name() {
                return "sink ceiling";
            }

            public String way() {
                return "sink ceiling";
            }

            public void run(long count) throws Exception {
                HttpRequest full = request(body(LIST));
                HttpRequest rest = count % LIST == 0 ? null : request(body((int) (count % LIST)));
                post((count + LIST - 1) / LIST, SENDERS, n -> rest != null && n == count / LIST ? rest : full);
            }

            private byte[] body(int records) throws Exception {
                List<Map<String, Object>> batch = new ArrayList<>(records);
                for (int i = 0; i < records; i++) {
                    batch.add(events.get(i));
                }
                return mapper.writeValueAsBytes(batch);
            }
        };
    }

    /** No Camel: serialize batches with Jackson, sign, post with the JDK client at the same concurrency. */
    Scenario limit() {
        return new Scenario() {
            public String name() {
                return "limit (Jackson + JDK HttpClient, no Camel)";
            }

            public String way() {
                return "limit";
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
        post(http, requests, concurrency, factory, 200);
    }

    /** Posts {@code requests} requests, at most {@code concurrency} at a time; fails unless each got {@code ok}. */
    static void post(HttpClient http, long requests, int concurrency, RequestFactory factory, int ok) throws Exception {
        Semaphore slots = new Semaphore(concurrency);
        AtomicLong failures = new AtomicLong();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (long n = 0; n < requests; n++) {
            slots.acquire();
            HttpRequest request = factory.create(n);
            pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                if (e != null || r.statusCode() != ok) {
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

    /** A started context whose route {@code direct:steady} ships one record per exchange with these options. */
    /** The component at a steady rate, one record per exchange, acknowledged or queued. */
    SteadyRate.Target steadyComponent(boolean queued) throws Exception {
        CamelContext context = camel(new RouteBuilder() {
            public void configure() {
                from("direct:steady").to(componentUri(queued ? "deliveryMode=queued" : ""));
            }
        });
        return SteadyRate.camel("dataCollector", queued ? "single queued" : "single acknowledged", !queued, context,
                events, null);
    }

    /**
     * Camel's own cost of the component's shape at a steady rate: each exchange completed later from another thread,
     * nothing shipped.
     */
    SteadyRate.Target steadyCamelAlone() throws Exception {
        LaterCompletion later = new LaterCompletion(new AtomicLong());
        CamelContext context = camel(new RouteBuilder() {
            public void configure() {
                from("direct:steady").process(later);
            }
        });
        return SteadyRate.camel("none", "camel alone, completed later", true, context, events, later);
    }

    private String componentUri(String options) {
        return "loganalytics:Bench?workspaceId=" + workspaceId + "&sharedKey=RAW(" + key + ")&endpoint=" + endpoint
               + (options.isEmpty() ? "" : "&" + options);
    }

    /**
     * Exchanges whose bodies are lists of records, as an upstream Aggregator or a batching consumer hands them over,
     * from CALLERS threads that each wait for their exchange (acknowledged).
     */
    Scenario componentListBodies(int listSize) throws Exception {
        return componentListBodies(listSize, "");
    }

    /** The list-body scenario with extra endpoint options, to compare settings. */
    Scenario componentListBodies(int listSize, String options) throws Exception {
        CamelContext context = camel(new RouteBuilder() {
            public void configure() {
                from("direct:list").to(componentUri(options));
            }
        });
        ProducerTemplate template = context.createProducerTemplate();
        // endpoints are resolved once: resolving a URI string on every send would be the harness's cost, not Camel's
        org.apache.camel.Endpoint list = context.getEndpoint("direct:list");
        return new Scenario() {
            public String name() {
                return "component, list bodies (" + listSize + " records per exchange, " + CALLERS + " threads)"
                       + (options.isEmpty() ? "" : " " + options);
            }

            public String way() {
                return "list";
            }

            public void run(long count) throws Exception {
                sendLists(events, count, listSize, template, list);
            }

            public void close() throws Exception {
                context.close();
            }
        };
    }

    /** One record per exchange from SENDERS threads, acknowledged (see {@link #singleRecordSource}). */
    Scenario componentSingleRecords() throws Exception {
        return componentSingleRecords(false, "");
    }

    /** The same, queued: no caller waits for the service. */
    Scenario componentSingleRecordsQueued(String options) throws Exception {
        return componentSingleRecords(true, options);
    }

    /** The same, queued, with the defaults. */
    Scenario componentSingleRecordsQueued() throws Exception {
        return componentSingleRecords(true, "");
    }

    /** The single-record scenario with extra endpoint options, to compare settings. */
    Scenario componentSingleRecords(String options) throws Exception {
        return componentSingleRecords(false, options);
    }

    private Scenario componentSingleRecords(boolean queued, String options) throws Exception {
        String all = queued ? "deliveryMode=queued" + (options.isEmpty() ? "" : "&" + options) : options;
        String source = singleRecordSource(queued);
        CamelContext context = camel(new RouteBuilder() {
            public void configure() {
                from(source).to(componentUri(all));
            }
        });
        ProducerTemplate template = context.createProducerTemplate();
        org.apache.camel.Endpoint from = context.getEndpoint(source);
        return new Scenario() {
            public String name() {
                return "component, single-record exchanges (" + SENDERS + " senders, "
                       + (queued ? "direct, queued" : "seda, acknowledged") + ")"
                       + (options.isEmpty() ? "" : " " + options);
            }

            public String way() {
                return queued ? "single queued" : "single acknowledged";
            }

            public void run(long count) throws Exception {
                sendEach(count, SENDERS, i -> template.sendBody(from, events.get(i)));
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

            public String way() {
                return "single queued, 1 thread";
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
        return diyRoute(false);
    }

    /**
     * The do-it-yourself route. As users write it, the Aggregator hands completed groups to one thread, so one request
     * is in flight at a time; with {@code parallelProcessing} it hands them to a pool (10 threads by default).
     */
    Scenario diyRoute(boolean parallelProcessing) throws Exception {
        String target = endpoint + "/api/logs?api-version=2016-04-01";
        String from = "direct:diy" + (parallelProcessing ? "-parallel" : "");
        CamelContext context = camel(new RouteBuilder() {
            public void configure() {
                from(from)
                        .aggregate(constant(true), new GroupedBodyAggregationStrategy())
                        .completionSize(BATCH).completionTimeout(1000).parallelProcessing(parallelProcessing)
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
        org.apache.camel.Endpoint diy = context.getEndpoint(from);
        return new Scenario() {
            public String name() {
                return parallelProcessing
                        ? "diy route with parallelProcessing (" + SENDERS + " senders)"
                        : "diy route (aggregate + marshal + sign + camel-http, " + SENDERS + " senders)";
            }

            public String way() {
                return parallelProcessing ? "diy parallel" : "diy";
            }

            public void run(long count) throws Exception {
                sendEach(count, SENDERS, i -> template.sendBody(diy, events.get(i)));
            }

            public void close() throws Exception {
                context.close();
            }
        };
    }

    /**
     * Camel's own cost in the single-record scenario's shape, shipping nothing: the same senders and seda route into a
     * processor that completes each exchange at once, or, as an acknowledging producer does, later and from another
     * thread. Its {@code run} returns when every exchange completed.
     */
    Scenario camelAlone(boolean completeLater) throws Exception {
        AtomicLong completed = new AtomicLong();
        LaterCompletion later = completeLater ? new LaterCompletion(completed) : null;
        String uri = "seda:alone?concurrentConsumers=" + SENDERS + "&size=10000&blockWhenFull=true";
        CamelContext context = camel(new RouteBuilder() {
            public void configure() {
                if (later != null) {
                    from(uri).process(later);
                } else {
                    from(uri).process(exchange -> completed.incrementAndGet());
                }
            }
        });
        ProducerTemplate template = context.createProducerTemplate();
        org.apache.camel.Endpoint seda = context.getEndpoint(uri);
        return new Scenario() {
            public String name() {
                return "Camel alone: " + SENDERS + " senders, seda, exchange completed "
                       + (completeLater ? "later from another thread" : "at once");
            }

            public String way() {
                return completeLater ? "camel alone, completed later" : "camel alone";
            }

            public void run(long count) throws Exception {
                long target = completed.get() + count;
                sendEach(count, SENDERS, i -> template.sendBody(seda, events.get(i)));
                while (completed.get() < target) {
                    Thread.sleep(1);
                }
            }

            public void close() throws Exception {
                context.close();
                if (later != null) {
                    later.close();
                }
            }
        };
    }

    /** Completes the exchanges it is given every few milliseconds, from its own thread, as they were taken. */
    private static final class LaterCompletion extends AsyncProcessorSupport {
        private final ConcurrentLinkedQueue<AsyncCallback> waiting = new ConcurrentLinkedQueue<>();
        private final ScheduledExecutorService completer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "later-completion");
            thread.setDaemon(true);
            return thread;
        });

        LaterCompletion(AtomicLong completed) {
            completer.scheduleWithFixedDelay(() -> {
                for (AsyncCallback callback = waiting.poll(); callback != null; callback = waiting.poll()) {
                    completed.incrementAndGet();
                    callback.done(false);
                }
            }, 5, 5, TimeUnit.MILLISECONDS);
        }

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            waiting.add(callback);
            return false;
        }

        @Override
        public void close() {
            completer.shutdownNow();
        }
    }

    /**
     * Sends {@code count} records as lists of {@code listSize} from CALLERS threads, each waiting for its exchange.
     */
    static void sendLists(LogEvents events, long count, int listSize, ProducerTemplate template,
                          org.apache.camel.Endpoint list) throws Exception {
        long lists = (count + listSize - 1) / listSize;
        AtomicLong next = new AtomicLong();
        runThreads(CALLERS, () -> {
            for (long n = next.getAndIncrement(); n < lists; n = next.getAndIncrement()) {
                List<Map<String, Object>> batch = new ArrayList<>(listSize);
                for (long i = n * listSize; i < Math.min(count, (n + 1) * listSize); i++) {
                    batch.add(events.get(i));
                }
                Exchange result = template.request(list, e -> e.getMessage().setBody(batch));
                if (result.getException() != null) {
                    throw new IllegalStateException(result.getException());
                }
            }
        });
    }

    interface IndexedSend {
        void send(long index) throws Exception;
    }

    static void sendEach(long count, int threads, IndexedSend send) throws Exception {
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

    static void runThreads(int threads, Body body) throws Exception {
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
