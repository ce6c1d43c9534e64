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
    private String defaultWorkspace;
    private LogAnalyticsEmulator emulator;

    private LogAnalyticsEmulatorExtension() {
    }

    /** An extension serving one workspace, signed with the given keys. */
    public static LogAnalyticsEmulatorExtension withWorkspace(String workspaceId, String... base64Keys) {
        return new LogAnalyticsEmulatorExtension().andWorkspace(workspaceId, base64Keys);
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

    /** Rows of a table of the first workspace; empty if the table does not exist. */
    public List<Map<String, Object>> rows(String table) {
        Table t = emulator.workspace(defaultWorkspace).table(table);
        return t == null ? List.of() : t.rows();
    }

    /** Columns and types of a table of the first workspace; empty if the table does not exist. */
    public Map<String, String> columns(String table) {
        Table t = emulator.workspace(defaultWorkspace).table(table);
        return t == null ? Map.of() : t.columns();
    }
}
