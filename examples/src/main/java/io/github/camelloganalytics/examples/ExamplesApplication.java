package io.github.camelloganalytics.examples;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelloganalytics.LogAnalyticsConstants;
import io.github.camelloganalytics.emulator.LogAnalyticsEmulator;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/**
 * Runs the example routes, Java DSL and YAML DSL, and shows what landed.
 * <p>
 * By default it starts the Log Analytics emulator in-process and prints each table it received: columns with their
 * types, row count and a few rows. With {@code LA_WORKSPACE_ID} and {@code LA_SHARED_KEY} (or
 * {@code LA_SHARED_KEY_FILE}) in the environment it ships to that Azure workspace instead ({@code LA_CLOUD} and
 * {@code LA_ENDPOINT} optional); with {@code LA_DCE_ENDPOINT} and {@code LA_DCR_ID} too, the Logs Ingestion route
 * runs as well, authenticated by DefaultAzureCredential.
 */
public final class ExamplesApplication {

    static final int APP_EVENTS = 60;
    static final String DCR_ID = "dcr-00000000000000000000000000e1a001";
    static final Map<String, String> HTTP_REQUESTS_COLUMNS = httpRequestsColumns();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> env;
    private final PrintStream out;

    public ExamplesApplication(Map<String, String> env, PrintStream out) {
        this.env = env;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Report report = new ExamplesApplication(System.getenv(), System.out).run();
        if (!report.failures().isEmpty()) {
            throw new IllegalStateException("Some records were not delivered: " + report.failures());
        }
    }

    /**
     * What a run did.
     *
     * @param target    where the records went
     * @param shipped   records shipped per route
     * @param failures  errors of routes whose records were not all accepted
     * @param tables    for the emulator: each table's rows and columns as the query API served them
     */
    public record Report(String target, Map<String, Integer> shipped, List<String> failures, Map<String, JsonNode> tables) {
    }

    public Report run() throws Exception {
        String workspaceId = env.get("LA_WORKSPACE_ID");
        boolean azure = workspaceId != null && (env.containsKey("LA_SHARED_KEY") || env.containsKey("LA_SHARED_KEY_FILE"));
        LogAnalyticsEmulator emulator = null;
        boolean logsIngestion = false;
        Main main = new Main();
        String target;
        if (azure) {
            target = "Azure Log Analytics workspace " + workspaceId + " (cloud " + env.getOrDefault("LA_CLOUD", "public") + ")";
            main.addInitialProperty("camel.component.loganalytics.workspace-id", workspaceId);
            putIfSet(main, "camel.component.loganalytics.shared-key", env.get("LA_SHARED_KEY"));
            putIfSet(main, "camel.component.loganalytics.shared-key-file", env.get("LA_SHARED_KEY_FILE"));
            putIfSet(main, "camel.component.loganalytics.cloud", env.get("LA_CLOUD"));
            putIfSet(main, "camel.component.loganalytics.endpoint", env.get("LA_ENDPOINT"));
            logsIngestion = env.containsKey("LA_DCE_ENDPOINT") && env.containsKey("LA_DCR_ID");
            if (logsIngestion) {
                main.addInitialProperty("la.li.endpoint", env.get("LA_DCE_ENDPOINT"));
                main.addInitialProperty("la.li.rule-id", env.get("LA_DCR_ID"));
                main.addInitialProperty("la.li.credentials", "credentialType=azureIdentity");
            }
        } else {
            workspaceId = UUID.randomUUID().toString();
            byte[] key = new byte[64];
            new SecureRandom().nextBytes(key);
            String sharedKey = Base64.getEncoder().encodeToString(key);
            String token = UUID.randomUUID().toString();
            emulator = LogAnalyticsEmulator.builder().workspace(workspaceId, sharedKey)
                    .dataCollectionRule(DCR_ID, "Custom-HttpRequests_CL", HTTP_REQUESTS_COLUMNS)
                    .acceptToken(token)
                    .start();
            logsIngestion = true;
            main.bind("emulatorToken", new StaticTokenCredential(token));
            main.addInitialProperty("la.li.endpoint", emulator.endpoint());
            main.addInitialProperty("la.li.rule-id", DCR_ID);
            main.addInitialProperty("la.li.credentials", "credentialType=tokenCredential&tokenCredential=#emulatorToken");
            target = "the local Log Analytics emulator at " + emulator.endpoint() + " (workspace " + workspaceId + ")";
            main.addInitialProperty("camel.component.loganalytics.workspace-id", workspaceId);
            main.addInitialProperty("camel.component.loganalytics.shared-key", sharedKey);
            main.addInitialProperty("camel.component.loganalytics.endpoint", emulator.endpoint());
        }
        out.println("Shipping example records to " + target);

        main.configure().addRoutesBuilder(new ExampleRoutes(logsIngestion));
        main.configure().withRoutesIncludePattern("classpath:routes/*.camel.yaml");
        Map<String, Integer> shipped = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        Map<String, JsonNode> tables = new LinkedHashMap<>();
        try {
            main.start();
            ProducerTemplate producer = main.getCamelContext().createProducerTemplate();
            // acknowledged delivery: each request returns once the service accepted the records
            record("access log records (Java DSL)", producer.request("direct:access-log", e -> {
            }), shipped, failures);
            if (logsIngestion) {
                record("access log records (Logs Ingestion API)", producer.request("direct:access-log-dcr", e -> {
                }), shipped, failures);
            }
            Exchange events = producer.request("direct:app-events",
                    e -> e.getMessage().setHeader("count", APP_EVENTS));
            if (events.getException() == null) {
                shipped.put("application events (YAML DSL)", APP_EVENTS);
            } else {
                failures.add(events.getException().getMessage());
            }
            main.stop();
            out.println("Shipped, each accepted by the service before its exchange completed:");
            shipped.forEach((what, count) -> out.println(String.format("  %,6d %s", count, what)));
            failures.forEach(f -> out.println("FAILED: " + f));
            if (emulator != null) {
                tables.putAll(printTables(emulator.endpoint(), workspaceId));
                explain(tables);
            } else {
                out.println("Query them in the Log Analytics workspace, e.g.: WebAccess_CL | take 10");
            }
        } finally {
            main.stop();
            if (emulator != null) {
                emulator.close();
            }
        }
        return new Report(target, shipped, failures, tables);
    }

    private static Map<String, String> httpRequestsColumns() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("TimeGenerated", "datetime");
        columns.put("clientIp", "string");
        columns.put("method", "string");
        columns.put("path", "string");
        columns.put("status", "int");
        columns.put("bytes", "long");
        columns.put("durationMs", "real");
        columns.put("userAgent", "string");
        columns.put("error", "boolean");
        return columns;
    }

    private static void record(String what, Exchange exchange, Map<String, Integer> shipped, List<String> failures) {
        if (exchange.getException() != null) {
            failures.add(exchange.getException().getMessage());
        } else {
            shipped.put(what, exchange.getMessage().getHeader(LogAnalyticsConstants.RECORD_COUNT, Integer.class));
        }
    }

    private static void putIfSet(Main main, String property, String value) {
        if (value != null && !value.isBlank()) {
            main.addInitialProperty(property, value);
        }
    }

    /** Reads the tables back through the emulator's query API, as any HTTP client would, and prints them. */
    private Map<String, JsonNode> printTables(String endpoint, String workspaceId) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = endpoint + "/emulator/workspaces/" + workspaceId + "/tables";
        JsonNode list = JSON.readTree(get(http, base));
        Map<String, JsonNode> tables = new LinkedHashMap<>();
        for (JsonNode entry : list.get("tables")) {
            String name = entry.get("name").asText();
            JsonNode table = JSON.readTree(get(http, base + "/" + name));
            tables.put(name, table);
            out.println();
            out.println("Table " + name + ": " + entry.get("rowCount").asInt() + " rows");
            out.println(String.format("  %-22s %s", "column", "type"));
            table.get("columns").fields().forEachRemaining(
                    c -> out.println(String.format("  %-22s %s", c.getKey(), c.getValue().asText())));
            out.println("  first rows:");
            for (int i = 0; i < Math.min(3, table.get("rows").size()); i++) {
                out.println("    " + table.get("rows").get(i));
            }
        }
        return tables;
    }

    /** What a reader of the tables above would wonder about. */
    private void explain(Map<String, JsonNode> tables) {
        out.println();
        out.println("Reading the tables:");
        out.println("  - Tables written through the Data Collector API name each column after the property plus the type the");
        out.println("    service inferred from the first value: _s string, _d real (every JSON number), _b bool, _t datetime");
        out.println("    (ISO 8601 text), _g guid (GUID text, normalized). Queries use these names: AppEvents_CL | where durationMs_d > 100");
        out.println("  - TimeGenerated is the time the service stored the row, unless the request named a time-generated-field:");
        out.println("    the YAML route sets timeGeneratedField=eventTime, so AppEvents_CL and AuditEvents_CL carry each event's own time;");
        out.println("    WebAccess_CL names none, so its TimeGenerated is the ingestion time.");
        if (tables.containsKey("HttpRequests_CL")) {
            out.println("  - HttpRequests_CL came through the Logs Ingestion API: it has exactly the columns its data collection rule");
            out.println("    declares, with the declared types (int, long, real, boolean, datetime) and no suffixes; the records");
            out.println("    carry TimeGenerated themselves.");
        }
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + response.statusCode());
        }
        return response.body();
    }
}
