package io.github.camelloganalytics.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * Serves the emulator over http or https and routes each request: {@code /emulator/} to the management API, anything
 * else to the ingestion API that owns the path, with the fault plan applied first. An unexpected failure answers 500
 * in the API's error shape and is logged: only a planned {@code drop} fault closes a connection without an answer.
 */
final class EmulatorServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<IngestionApi> apis;
    private final ManagementApi management;
    private final FaultPlan faults;
    private final AtomicLong ingestionRequests = new AtomicLong();
    private final AtomicInteger ingestionRequestsInProgress = new AtomicInteger();
    private final AtomicLong recordsStoredWithoutAnswer = new AtomicLong();

    /**
     * @param tls the server's TLS context for https, or null for http
     */
    EmulatorServer(InetSocketAddress address, SSLContext tls, List<IngestionApi> apis, ManagementApi management,
                   FaultPlan faults) throws IOException {
        this.apis = apis;
        this.management = management;
        this.faults = faults;
        if (tls != null) {
            HttpsServer secure = HttpsServer.create(address, 256);
            secure.setHttpsConfigurator(new HttpsConfigurator(tls));
            this.server = secure;
        } else {
            this.server = HttpServer.create(address, 256);
        }
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "loganalytics-emulator");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    void start() {
        server.start();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    long ingestionRequests() {
        return ingestionRequests.get();
    }

    int ingestionRequestsInProgress() {
        return ingestionRequestsInProgress.get();
    }

    long recordsStoredWithoutAnswer() {
        return recordsStoredWithoutAnswer.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        IngestionApi api = path.startsWith(ManagementApi.PREFIX) ? null : apiFor(path);
        try {
            if (api == null && path.startsWith(ManagementApi.PREFIX)) {
                send(exchange, management.handle(exchange.getRequestMethod(), path, readBody(exchange.getRequestBody())));
            } else {
                send(exchange, ingest(exchange, path, api));
            }
        } catch (DroppedConnection planned) {
            // the HTTP server closes the connection of a handler that throws: the planned fault
            throw planned;
        } catch (IOException | RuntimeException unexpected) {
            System.err.println("Log Analytics emulator: " + exchange.getRequestMethod() + " " + path + " failed: " + unexpected);
            EmulatorResponse error = api != null
                    ? api.error(500, "InternalServerError", "The emulator failed to handle the request: " + unexpected)
                    : EmulatorResponse.json(500, Map.of("error", String.valueOf(unexpected)));
            try {
                send(exchange, error);
            } catch (IOException | RuntimeException cannotAnswer) {
                // the client went away or the answer was begun: nothing more to say
            }
        } finally {
            exchange.close();
        }
    }

    private IngestionApi apiFor(String path) {
        for (IngestionApi api : apis) {
            if (api.handles(path)) {
                return api;
            }
        }
        return null;
    }

    private EmulatorResponse ingest(HttpExchange exchange, String path, IngestionApi api) throws IOException {
        ingestionRequests.incrementAndGet();
        ingestionRequestsInProgress.incrementAndGet();
        try {
            return serve(exchange, path, api);
        } finally {
            ingestionRequestsInProgress.decrementAndGet();
        }
    }

    private EmulatorResponse serve(HttpExchange exchange, String path, IngestionApi api) throws IOException {
        Fault fault = faults.next();
        if (fault != null && fault.latencyMs() > 0) {
            sleep(fault.latencyMs());
        }
        if (fault != null && Fault.DROP_BEFORE_READ.equals(fault.drop())) {
            throw new DroppedConnection();
        }
        byte[] body = readBody(exchange.getRequestBody());
        if (fault != null && Fault.DROP_AFTER_READ.equals(fault.drop())) {
            throw new DroppedConnection();
        }
        if (api == null) {
            return withRequestId(EmulatorResponse.text(404, "Either the provided URL is incorrect or the request is too large."));
        }
        if (fault != null && fault.status() > 0) {
            EmulatorResponse error = fault.body() != null
                    ? new EmulatorResponse(fault.status(), Map.of("Content-Type", "application/json"),
                            fault.body().getBytes(StandardCharsets.UTF_8))
                    : api.error(fault.status(), "InjectedFault", "Fault injected by the emulator.");
            Map<String, String> headers = new LinkedHashMap<>(error.headers());
            headers.putAll(fault.headers());
            return withRequestId(new EmulatorResponse(fault.status(), headers, error.body()));
        }
        IngestionRequest request = IngestionRequest.of(exchange.getRequestMethod(), path,
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body);
        EmulatorResponse response = api.handle(request);
        if (fault != null && Fault.DROP_AFTER_STORE.equals(fault.drop())) {
            if (response.status() / 100 == 2) {
                recordsStoredWithoutAnswer.addAndGet(api.countRecords(request));
            }
            throw new DroppedConnection();
        }
        if (fault != null && fault.answerDelayMs() > 0) {
            sleep(fault.answerDelayMs());
        }
        return withRequestId(response);
    }

    /** Azure answers every ingestion request with an id that clients log. */
    private static EmulatorResponse withRequestId(EmulatorResponse response) {
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        headers.put("x-ms-request-id", UUID.randomUUID().toString());
        return new EmulatorResponse(response.status(), headers, response.body());
    }

    /** Reads the body, keeping at most one byte more than the largest the service takes. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] limited = in.readNBytes(DataCollectorApi.MAX_BODY_BYTES + 1);
        in.transferTo(OutputStream.nullOutputStream());
        return limited;
    }

    private static void send(HttpExchange exchange, EmulatorResponse response) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Thrown to make the HTTP server close the connection without an answer. */
    private static final class DroppedConnection extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DroppedConnection() {
            super("connection dropped by fault injection", null, false, false);
        }
    }
}
