package io.github.camelloganalytics.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A stand-in for either ingestion API, built to be fast: it counts the records of each body with one scan and checks
 * the credentials of every 20th request (and of the first). As the Data Collector API it verifies the SharedKey
 * signature and answers 200; as the Logs Ingestion API it speaks https, checks the bearer token, takes gzip bodies of
 * at most 1 MiB and answers 204, and can allow only so many requests a second, answering the rest 429 with
 * Retry-After as the service does. It knows the CPU time its own threads used, so scenarios can be charged without it.
 */
final class CountingSink implements AutoCloseable {

    static final int VERIFY_EVERY = Integer.getInteger("sink.verifyEvery", 20);

    private final HttpServer server;
    private final ExecutorService executor;
    /** The Logs Ingestion API's limit on a request's body, as sent. */
    static final int MAX_LOGS_INGESTION_BODY = 1024 * 1024;

    private final byte[] key;
    private final String workspaceId;
    private final String token;
    private final RequestRate rate;
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong oversized = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong badSignatures = new AtomicLong();
    private final AtomicLong verified = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong maxInFlight = new AtomicLong();
    private final Set<Long> threadIds = ConcurrentHashMap.newKeySet();
    private final Object arrived = new Object();
    private final long latencyMillis;
    private final ScheduledExecutorService answers;

    CountingSink(String workspaceId, String base64Key, int threads) throws IOException {
        this(workspaceId, base64Key, threads, 0);
    }

    /**
     * @param latencyMillis how long the sink takes to answer each request, as a remote service does; the request is
     *                      read at once and its records counted when the answer goes out, without holding a sink
     *                      thread meanwhile
     */
    CountingSink(String workspaceId, String base64Key, int threads, long latencyMillis) throws IOException {
        this(workspaceId, base64Key, null, null, threads, latencyMillis, 0);
    }

    /**
     * The Logs Ingestion API over https.
     *
     * @param requestsPerSecond requests allowed in each second, the others answered 429; 0 for no limit
     */
    static CountingSink logsIngestion(String token, SSLContext tls, int threads, long latencyMillis,
                                      int requestsPerSecond) throws IOException {
        return new CountingSink(null, null, token, tls, threads, latencyMillis, requestsPerSecond);
    }

    private CountingSink(String workspaceId, String base64Key, String token, SSLContext tls, int threads,
                         long latencyMillis, int requestsPerSecond) throws IOException {
        this.workspaceId = workspaceId;
        this.token = token;
        this.rate = requestsPerSecond > 0 ? new RequestRate(requestsPerSecond) : null;
        this.latencyMillis = latencyMillis;
        this.answers = latencyMillis > 0 ? Executors.newSingleThreadScheduledExecutor(counted("sink-answers")) : null;
        this.key = base64Key == null ? null : Base64.getDecoder().decode(base64Key);
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls != null) {
            HttpsServer secure = HttpsServer.create(loopback, 512);
            secure.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = secure;
        } else {
            server = HttpServer.create(loopback, 512);
        }
        executor = Executors.newFixedThreadPool(threads, counted("sink"));
        server.setExecutor(executor);
        if (token != null) {
            server.createContext("/dataCollectionRules/", this::handleLogsIngestion);
        } else {
            server.createContext("/api/logs", this::handle);
        }
        server.start();
    }

    /** Daemon threads whose CPU time is the sink's, not the scenario's. */
    private ThreadFactory counted(String name) {
        return r -> {
            Thread t = new Thread(() -> {
                threadIds.add(Thread.currentThread().getId());
                r.run();
            }, name);
            t.setDaemon(true);
            return t;
        };
    }

    String endpoint() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    private static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    /** Counts a request read whole as in flight; the number it is given. */
    private long arrived() {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        return requests.incrementAndGet();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = body(exchange);
        long n = arrived();
        if (n == 1 || n % VERIFY_EVERY == 0) {
            verified.incrementAndGet();
            if (!validSignature(exchange, body.length)) {
                if (badSignatures.incrementAndGet() == 1) {
                    System.err.println("Bad signature; headers " + exchange.getRequestHeaders().entrySet() + ", body " + body.length);
                }
                refuse(exchange, 403);
                return;
            }
        }
        answerLater(exchange, 200, countRecords(body));
    }

    private void handleLogsIngestion(HttpExchange exchange) throws IOException {
        byte[] body = body(exchange);
        long n = arrived();
        if (rate != null && !rate.tryAcquire()) {
            throttled.incrementAndGet();
            exchange.getResponseHeaders().add("Retry-After", "1");
            refuse(exchange, 429);
            return;
        }
        if (n == 1 || n % VERIFY_EVERY == 0) {
            verified.incrementAndGet();
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                if (badSignatures.incrementAndGet() == 1) {
                    System.err.println("Bad token; headers " + exchange.getRequestHeaders().keySet());
                }
                refuse(exchange, 401);
                return;
            }
        }
        if (body.length > MAX_LOGS_INGESTION_BODY) {
            oversized.incrementAndGet();
            refuse(exchange, 413);
            return;
        }
        byte[] json = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                ? new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes() : body;
        answerLater(exchange, 204, countRecords(json));
    }

    private void refuse(HttpExchange exchange, int status) throws IOException {
        inFlight.decrementAndGet();
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** Answers after the sink's latency, without holding a sink thread meanwhile; counts the records then. */
    private void answerLater(HttpExchange exchange, int status, long count) throws IOException {
        if (answers == null) {
            answer(exchange, status, count);
        } else {
            answers.schedule(() -> {
                answer(exchange, status, count);
                return null;
            }, latencyMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void answer(HttpExchange exchange, int status, long count) throws IOException {
        inFlight.decrementAndGet();
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
        records.addAndGet(count);
        synchronized (arrived) {
            arrived.notifyAll();
        }
    }

    /** Most requests the sink held at once since the last call; starts the next count from those held now. */
    long takeMaxInFlight() {
        return maxInFlight.getAndSet(inFlight.get());
    }

    long latencyMillis() {
        return latencyMillis;
    }

    private boolean validSignature(HttpExchange exchange, int length) {
        String date = exchange.getRequestHeaders().getFirst("x-ms-date");
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (date == null || authorization == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String toSign = "POST\n" + length + "\napplication/json\nx-ms-date:" + date + "\n/api/logs";
            String expected = "SharedKey " + workspaceId + ":"
                              + Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
            return expected.equals(authorization);
        } catch (Exception e) {
            return false;
        }
    }

    /** Objects directly inside the top-level array, found with one pass that skips strings. */
    static long countRecords(byte[] body) {
        long count = 0;
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                if (b == '{' && depth == 1) {
                    count++;
                }
                depth++;
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return count;
    }

    long records() {
        return records.get();
    }

    long requests() {
        return requests.get();
    }

    long verified() {
        return verified.get();
    }

    long badSignatures() {
        return badSignatures.get();
    }

    /** Requests answered 429 because the second's allowance was used. */
    long throttled() {
        return throttled.get();
    }

    /** Logs Ingestion requests refused for a body over 1 MiB. */
    long oversized() {
        return oversized.get();
    }

    /** At most {@code perSecond} requests in each wall-clock second. */
    private static final class RequestRate {
        private final int perSecond;
        private long second = -1;
        private int used;

        RequestRate(int perSecond) {
            this.perSecond = perSecond;
        }

        synchronized boolean tryAcquire() {
            long now = System.currentTimeMillis() / 1000;
            if (now != second) {
                second = now;
                used = 0;
            }
            return ++used <= perSecond;
        }
    }

    /** Waits until the sink counted at least {@code total} records; false on timeout. */
    boolean await(long total, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (arrived) {
            while (records.get() < total) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(arrived, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
            return true;
        }
    }

    /** CPU nanoseconds used by the sink's threads so far. */
    /** Whether the thread is one of the sink's own (its request workers and the thread answering late). */
    boolean isSinkThread(long threadId) {
        return threadIds.contains(threadId);
    }

    long cpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long id : threadIds) {
            long cpu = threads.getThreadCpuTime(id);
            if (cpu > 0) {
                total += cpu;
            }
        }
        return total;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        if (answers != null) {
            answers.shutdownNow();
        }
    }
}
