package io.github.camelloganalytics.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A local stand-in for Azure Monitor Log Analytics ingestion: it checks requests as the service does, stores
 * accepted records per workspace and table, serves them back as JSON, and injects faults on request.
 *
 * <pre>
 * try (LogAnalyticsEmulator emulator = LogAnalyticsEmulator.builder().workspace(id, key).start()) {
 *     String endpoint = emulator.endpoint();          // http://127.0.0.1:port
 *     ...
 *     emulator.workspace(id).table("AppEvents_CL").rows();
 * }
 * </pre>
 *
 * HTTP API besides ingestion: {@code GET /emulator/workspaces/{id}/tables},
 * {@code GET|DELETE /emulator/workspaces/{id}/tables/{table}}, {@code POST|DELETE /emulator/faults}.
 */
public final class LogAnalyticsEmulator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Workspace> workspaces = Workspace.newRegistry();
    private final FaultPlan faults = new FaultPlan();
    private final AtomicLong ingestionRequests = new AtomicLong();
    private final AtomicLong recordsStoredWithoutAnswer = new AtomicLong();
    /** Workspace that holds the tables of data collection rules when no workspace is configured. */
    public static final String DEFAULT_WORKSPACE = "00000000-0000-0000-0000-000000000000";

    private final Map<String, DataCollectionRule> rules = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> tokens = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final DataCollectorApi dataCollector;
    private final LogsIngestionApi logsIngestion;
    private final HttpServer server;
    private final ExecutorService executor;
    private final SelfSignedTls tls;
    private final boolean https;

    private LogAnalyticsEmulator(Builder builder) throws IOException {
        builder.workspaces.forEach((id, keys) -> workspaces.put(id.toLowerCase(Locale.ROOT), new Workspace(id, keys)));
        String ruleWorkspace = builder.workspaces.isEmpty() ? DEFAULT_WORKSPACE : builder.workspaces.keySet().iterator().next();
        workspaces.computeIfAbsent(ruleWorkspace.toLowerCase(Locale.ROOT), id -> new Workspace(ruleWorkspace, List.of()));
        builder.streams.forEach((ruleId, streams) -> {
            DataCollectionRule rule = new DataCollectionRule(ruleId, ruleWorkspace);
            streams.forEach(rule::addStream);
            rules.put(ruleId, rule);
        });
        tokens.addAll(builder.tokens);
        this.dataCollector = new DataCollectorApi(workspaces, builder.clock);
        this.logsIngestion = new LogsIngestionApi(rules, tokens, workspaces, builder.clock);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(builder.host), builder.port);
        this.https = builder.https;
        this.tls = builder.https && builder.sslContext == null ? SelfSignedTls.create() : null;
        if (builder.https) {
            HttpsServer secure = HttpsServer.create(address, 256);
            secure.setHttpsConfigurator(new HttpsConfigurator(builder.sslContext != null ? builder.sslContext : tls.serverContext()));
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

    public static Builder builder() {
        return new Builder();
    }

    /** Starts serving; returns this. */
    public LogAnalyticsEmulator start() {
        server.start();
        return this;
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

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Base URL to give the component as {@code endpoint}: http, or https on the name the certificate holds. */
    public String endpoint() {
        String host = server.getAddress().getHostString();
        if (https && server.getAddress().getAddress().isLoopbackAddress()) {
            host = "localhost";
        }
        return (https ? "https://" : "http://") + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port();
    }

    /** Whether it serves https. */
    public boolean isHttps() {
        return https;
    }

    /**
     * The self-signed certificate made at start for https, with ready client {@code SSLContext} and trust store; null
     * over http or when the builder was given its own {@code SSLContext}.
     */
    public SelfSignedTls tls() {
        return tls;
    }

    /** A workspace the emulator knows. */
    public Workspace workspace(String id) {
        Workspace workspace = workspaces.get(id.toLowerCase(Locale.ROOT));
        if (workspace == null) {
            throw new IllegalArgumentException("Unknown workspace " + id);
        }
        return workspace;
    }

    /** Adds a workspace while running. */
    public void addWorkspace(String id, String... base64Keys) {
        workspaces.put(id.toLowerCase(Locale.ROOT), new Workspace(id, List.of(base64Keys)));
    }

    /** A data collection rule the emulator knows. */
    public DataCollectionRule dataCollectionRule(String ruleId) {
        DataCollectionRule rule = rules.get(ruleId);
        if (rule == null) {
            throw new IllegalArgumentException("Unknown data collection rule " + ruleId);
        }
        return rule;
    }

    /** Accepts one more bearer token on the Logs Ingestion API. */
    public void acceptToken(String token) {
        tokens.add(token);
    }

    /** Drops every table of every workspace and clears the fault plan. */
    public void reset() {
        faults.clear();
        workspaces.values().forEach(Workspace::clear);
    }

    /** The fault plan applied to ingestion requests. */
    public FaultPlan faults() {
        return faults;
    }

    /**
     * Records stored by requests whose answer a {@code afterStore} fault then dropped: the client cannot know they
     * landed, so a retry stores them again. These are the only duplicates a correct client produces.
     */
    public long recordsStoredWithoutAnswer() {
        return recordsStoredWithoutAnswer.get();
    }

    private static int countRecords(IngestionRequest request) {
        try {
            byte[] json = request.body();
            if ("gzip".equalsIgnoreCase(request.header("Content-Encoding"))) {
                json = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(json)).readAllBytes();
            }
            JsonNode root = JSON.readTree(json);
            return root == null ? 0 : root.size();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Ingestion requests received, whatever their outcome. */
    public long ingestionRequests() {
        return ingestionRequests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/emulator/")) {
                send(exchange, management(exchange, path));
            } else {
                ingest(exchange, path);
            }
        } catch (DroppedConnection planned) {
            throw planned;
        } catch (IOException | RuntimeException unexpected) {
            // the HTTP server would close the connection silently: say why, so a client's I/O error can be explained
            System.err.println("Log Analytics emulator: request failed: " + unexpected);
            throw unexpected;
        } finally {
            exchange.close();
        }
    }

    private void ingest(HttpExchange exchange, String path) throws IOException {
        ingestionRequests.incrementAndGet();
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
        if (fault != null && fault.status() > 0) {
            Map<String, String> headers = new LinkedHashMap<>(fault.headers());
            EmulatorResponse error = fault.body() != null
                    ? new EmulatorResponse(fault.status(), Map.of("Content-Type", "application/json"),
                            fault.body().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    : EmulatorResponse.dataCollectorError(fault.status(), "InjectedFault", "Fault injected by the emulator.");
            headers.putAll(error.headers());
            send(exchange, new EmulatorResponse(fault.status(), headers, error.body()));
            return;
        }
        IngestionRequest request = IngestionRequest.of(exchange.getRequestMethod(), path,
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body);
        EmulatorResponse response;
        if (DataCollectorApi.PATH.equals(path)) {
            response = dataCollector.handle(request);
        } else if (LogsIngestionApi.handles(path)) {
            response = logsIngestion.handle(request);
        } else {
            response = EmulatorResponse.text(404, "Either the provided URL is incorrect or the request is too large.");
        }
        if (fault != null && Fault.DROP_AFTER_STORE.equals(fault.drop())) {
            if (response.status() / 100 == 2) {
                recordsStoredWithoutAnswer.addAndGet(countRecords(request));
            }
            throw new DroppedConnection();
        }
        send(exchange, response);
    }

    private EmulatorResponse management(HttpExchange exchange, String path) throws IOException {
        String method = exchange.getRequestMethod();
        String[] parts = path.substring(1).split("/");
        try {
            if (parts.length == 2 && parts[1].equals("faults")) {
                if ("DELETE".equals(method)) {
                    faults.clear();
                    return EmulatorResponse.empty(204);
                }
                if ("POST".equals(method)) {
                    faults.add(parseFaults(readBody(exchange.getRequestBody())));
                    return EmulatorResponse.json(200, Map.of("pending", faults.size()));
                }
            } else if (parts.length >= 4 && parts[1].equals("workspaces") && parts[3].equals("tables")) {
                Workspace workspace = workspaces.get(parts[2].toLowerCase(Locale.ROOT));
                if (workspace == null) {
                    return EmulatorResponse.json(404, Map.of("error", "unknown workspace " + parts[2]));
                }
                if (parts.length == 4 && "GET".equals(method)) {
                    List<Map<String, Object>> tables = new ArrayList<>();
                    workspace.tables().values().stream().sorted((a, b) -> a.name().compareToIgnoreCase(b.name()))
                            .forEach(t -> {
                                Map<String, Object> entry = new LinkedHashMap<>();
                                entry.put("name", t.name());
                                entry.put("rowCount", t.rowCount());
                                tables.add(entry);
                            });
                    return EmulatorResponse.json(200, Map.of("tables", tables));
                }
                if (parts.length == 5) {
                    Table table = workspace.table(parts[4]);
                    if ("DELETE".equals(method)) {
                        if (table != null) {
                            table.clear();
                        }
                        return EmulatorResponse.empty(204);
                    }
                    if ("GET".equals(method)) {
                        if (table == null) {
                            return EmulatorResponse.json(404, Map.of("error", "no table " + parts[4]));
                        }
                        Map<String, Object> result = new LinkedHashMap<>();
                        result.put("columns", table.columns());
                        result.put("rows", table.rows());
                        return EmulatorResponse.json(200, result);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            return EmulatorResponse.json(400, Map.of("error", e.getMessage()));
        }
        return EmulatorResponse.json(404, Map.of("error", "unknown emulator resource " + method + " " + path));
    }

    /** Reads {@code {"faults":[{...}, ...]}} or a single fault object. */
    static List<Fault> parseFaults(byte[] body) throws IOException {
        JsonNode root = JSON.readTree(body);
        JsonNode list = root != null && root.has("faults") ? root.get("faults") : root;
        List<Fault> faults = new ArrayList<>();
        if (list == null) {
            throw new IllegalArgumentException("expected {\"faults\": [...]}");
        }
        for (JsonNode node : list.isArray() ? list : List.of(list)) {
            faults.add(new Fault(node.path("count").asInt(1), node.path("status").asInt(0),
                    text(node, "retryAfter"), text(node, "retryAfterMs"), node.path("latencyMs").asLong(0),
                    text(node, "drop"), text(node, "body")));
        }
        return faults;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
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

    /** Configures an emulator. */
    public static final class Builder {
        private final Map<String, List<String>> workspaces = new LinkedHashMap<>();
        private final Map<String, Map<String, Map<String, String>>> streams = new LinkedHashMap<>();
        private final java.util.Set<String> tokens = new java.util.LinkedHashSet<>();
        private String host = "127.0.0.1";
        private int port;
        private Clock clock = Clock.systemUTC();
        private boolean https;
        private javax.net.ssl.SSLContext sslContext;

        /**
         * Serves https with a self-signed certificate for localhost, 127.0.0.1 and ::1, made at start; clients trust it
         * through {@link LogAnalyticsEmulator#tls()}.
         */
        public Builder https() {
            this.https = true;
            return this;
        }

        /** Serves https with the given server context (a keystore of your own). */
        public Builder https(javax.net.ssl.SSLContext serverContext) {
            this.https = true;
            this.sslContext = serverContext;
            return this;
        }

        /** A workspace and the base64 keys that may sign for it (primary, secondary). */
        public Builder workspace(String id, String... base64Keys) {
            if (base64Keys.length == 0) {
                throw new IllegalArgumentException("workspace " + id + " needs at least one key");
            }
            workspaces.put(id, List.of(base64Keys));
            return this;
        }

        /**
         * A stream of a data collection rule for the Logs Ingestion API, with its declared columns (name to type:
         * string, int, long, real, boolean, datetime, dynamic, guid). Its table lives in the first workspace.
         */
        public Builder dataCollectionRule(String ruleId, String stream, Map<String, String> columns) {
            streams.computeIfAbsent(ruleId, id -> new LinkedHashMap<>()).put(stream, new LinkedHashMap<>(columns));
            return this;
        }

        /** A bearer token the Logs Ingestion API accepts. */
        public Builder acceptToken(String token) {
            tokens.add(token);
            return this;
        }

        /** Port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Address to listen on; loopback by default. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Clock for x-ms-date checks and ingestion times. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public LogAnalyticsEmulator build() throws IOException {
            return new LogAnalyticsEmulator(this);
        }

        /** Builds and starts. */
        public LogAnalyticsEmulator start() throws IOException {
            return build().start();
        }
    }
}
