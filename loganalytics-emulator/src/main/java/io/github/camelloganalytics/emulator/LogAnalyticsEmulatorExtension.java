package io.github.camelloganalytics.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs an emulator for the tests of a class, emptied of rows and faults before each test.
 *
 * <pre>
 * &#64;RegisterExtension
 * static LogAnalyticsEmulatorExtension logAnalytics = LogAnalyticsEmulatorExtension.withWorkspace(ID, KEY);
 * ...
 * logAnalytics.endpoint();  logAnalytics.rows("AppEvents_CL");
 * </pre>
 */
public final class LogAnalyticsEmulatorExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private final Map<String, String[]> workspaces = new LinkedHashMap<>();
    private final Map<String, Map<String, Map<String, String>>> rules = new LinkedHashMap<>();
    private final List<String> tokens = new java.util.ArrayList<>();
    private String defaultWorkspace;
    private boolean https;
    private LogAnalyticsEmulator emulator;

    private LogAnalyticsEmulatorExtension() {
    }

    /** An extension serving one workspace, signed with the given keys. */
    public static LogAnalyticsEmulatorExtension withWorkspace(String workspaceId, String... base64Keys) {
        return new LogAnalyticsEmulatorExtension().andWorkspace(workspaceId, base64Keys);
    }

    /** An extension serving the Logs Ingestion API for one stream of one data collection rule. */
    public static LogAnalyticsEmulatorExtension withDataCollectionRule(String ruleId, String stream, Map<String, String> columns) {
        return new LogAnalyticsEmulatorExtension().andDataCollectionRule(ruleId, stream, columns);
    }

    /** Serves one more stream of a data collection rule; its table lives in the first workspace. */
    public LogAnalyticsEmulatorExtension andDataCollectionRule(String ruleId, String stream, Map<String, String> columns) {
        rules.computeIfAbsent(ruleId, id -> new LinkedHashMap<>()).put(stream, columns);
        return this;
    }

    /** Accepts a bearer token on the Logs Ingestion API. */
    public LogAnalyticsEmulatorExtension andToken(String token) {
        tokens.add(token);
        return this;
    }

    /** Serves https with a self-signed certificate; {@link #tls()} gives clients what they need to trust it. */
    public LogAnalyticsEmulatorExtension overHttps() {
        this.https = true;
        return this;
    }

    /** Serves one more workspace. */
    public LogAnalyticsEmulatorExtension andWorkspace(String workspaceId, String... base64Keys) {
        workspaces.put(workspaceId, base64Keys);
        if (defaultWorkspace == null) {
            defaultWorkspace = workspaceId;
        }
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        LogAnalyticsEmulator.Builder builder = LogAnalyticsEmulator.builder();
        workspaces.forEach(builder::workspace);
        rules.forEach((id, streams) -> streams.forEach((stream, columns) -> builder.dataCollectionRule(id, stream, columns)));
        tokens.forEach(builder::acceptToken);
        if (https) {
            builder.https();
        }
        emulator = builder.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        emulator.reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }

    /** The running emulator. */
    public LogAnalyticsEmulator emulator() {
        return emulator;
    }

    /** Base URL for the component's {@code endpoint} option. */
    public String endpoint() {
        return emulator.endpoint();
    }

    /** The self-signed certificate of an https emulator, or null over http. */
    public SelfSignedTls tls() {
        return emulator.tls();
    }

    /** Rows of a table of the first workspace; empty if the table does not exist. */
    public List<Map<String, Object>> rows(String table) {
        Table t = emulator.workspace(firstWorkspace()).table(table);
        return t == null ? List.of() : t.rows();
    }

    /** Columns and types of a table of the first workspace; empty if the table does not exist. */
    public Map<String, String> columns(String table) {
        Table t = emulator.workspace(firstWorkspace()).table(table);
        return t == null ? Map.of() : t.columns();
    }

    private String firstWorkspace() {
        return defaultWorkspace != null ? defaultWorkspace : LogAnalyticsEmulator.DEFAULT_WORKSPACE;
    }

    /** What a stream dropped without an error, in whichever rule declares it. */
    public StreamDrops drops(String stream) {
        for (String ruleId : rules.keySet()) {
            DataCollectionRule rule = emulator().dataCollectionRule(ruleId);
            if (rule.stream(stream) != null) {
                return rule.drops(stream);
            }
        }
        throw new IllegalArgumentException("no rule declares the stream " + stream);
    }
}
