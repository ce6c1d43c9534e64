package io.github.camelloganalytics.emulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

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

    /** Workspace that holds the tables of data collection rules when no workspace is configured. */
    public static final String DEFAULT_WORKSPACE = "00000000-0000-0000-0000-000000000000";

    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final Map<String, Workspace> workspaces = Workspace.newRegistry();
    private final Map<String, DataCollectionRule> rules = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final FaultPlan faults = new FaultPlan();
    private final EmulatorServer server;
    private final SelfSignedTls tls;
    private final boolean https;
    private final Clock clock;

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
        this.https = builder.https;
        this.tls = builder.https && builder.sslContext == null ? SelfSignedTls.create() : null;
        SSLContext serverTls = !builder.https ? null : builder.sslContext != null ? builder.sslContext : tls.serverContext();
        this.server = new EmulatorServer(new InetSocketAddress(InetAddress.getByName(builder.host), builder.port), serverTls,
                List.of(new DataCollectorApi(workspaces, builder.clock),
                        new LogsIngestionApi(rules, tokens, workspaces, builder.clock)),
                new ManagementApi(workspaces, rules, faults), faults);
        this.clock = builder.clock;
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
        server.close();
    }

    /** The port it listens on. */
    public int port() {
        return server.address().getPort();
    }

    /** Base URL to give the component as {@code endpoint}: http, or https on the name the certificate holds. */
    public String endpoint() {
        String host = server.address().getHostString();
        if (https && server.address().getAddress().isLoopbackAddress()) {
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
        workspaces.put(id.toLowerCase(Locale.ROOT), new Workspace(checkedWorkspaceId(id), List.of(base64Keys)));
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

    /** Drops every table of every workspace, forgets what streams dropped, and clears the fault plan. */
    public void reset() {
        faults.clear();
        workspaces.values().forEach(Workspace::clear);
        rules.values().forEach(DataCollectionRule::clearDrops);
    }

    /** The clock it judges dates by: x-ms-date, the TimeGenerated window, ingestion times. */
    public Clock clock() {
        return clock;
    }

    /**
     * What a stream dropped without an error: undeclared columns, values that did not convert, TimeGenerated values
     * replaced, field values cut.
     */
    public StreamDrops drops(String ruleId, String stream) {
        return dataCollectionRule(ruleId).drops(stream);
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
        return server.recordsStoredWithoutAnswer();
    }

    /** Ingestion requests received, whatever their outcome. */
    public long ingestionRequests() {
        return server.ingestionRequests();
    }

    /**
     * Ingestion requests being served now (delayed by a latency fault, reading, storing). A client that died leaves
     * its last requests here until they end; a test waits for zero before it counts what landed.
     */
    public int ingestionRequestsInProgress() {
        return server.ingestionRequestsInProgress();
    }

    static String checkedWorkspaceId(String id) {
        if (id == null || !GUID.matcher(id).matches()) {
            throw new IllegalArgumentException("workspace id '" + id + "' is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
        }
        return id;
    }

    /** Configures an emulator. */
    public static final class Builder {
        private final Map<String, List<String>> workspaces = new LinkedHashMap<>();
        private final Map<String, Map<String, Map<String, String>>> streams = new LinkedHashMap<>();
        private final Set<String> tokens = new java.util.LinkedHashSet<>();
        private String host = "127.0.0.1";
        private int port;
        private Clock clock = EmulatorClock.system();
        private boolean https;
        private SSLContext sslContext;

        /**
         * Serves https with a self-signed certificate for localhost, 127.0.0.1 and ::1, made at start; clients trust it
         * through {@link LogAnalyticsEmulator#tls()}.
         */
        public Builder https() {
            this.https = true;
            return this;
        }

        /** Serves https with the given server context (a keystore of your own). */
        public Builder https(SSLContext serverContext) {
            this.https = true;
            this.sslContext = serverContext;
            return this;
        }

        /** A workspace and the base64 keys that may sign for it (primary, secondary). */
        public Builder workspace(String id, String... base64Keys) {
            checkedWorkspaceId(id);
            if (base64Keys.length == 0) {
                throw new IllegalArgumentException("workspace " + id + " needs at least one key");
            }
            for (String key : base64Keys) {
                try {
                    if (java.util.Base64.getDecoder().decode(key.strip()).length == 0) {
                        throw new IllegalArgumentException("empty");
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the key of workspace " + id + " is not base64 (make one with:"
                                                       + " openssl rand -base64 48)");
                }
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

        /**
         * Clock for x-ms-date checks, the TimeGenerated window and ingestion times; by default
         * {@link EmulatorClock#system()}.
         */
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
