package io.github.camelloganalytics.examples;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelloganalytics.LogAnalyticsConstants;
import io.github.camelloganalytics.emulator.LogAnalyticsEmulator;
import io.github.camelloganalytics.emulator.StreamDrops;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/**
 * Runs the example routes, Java DSL and YAML DSL, and shows what landed.
 * <p>
 * By default it starts the Log Analytics emulator in-process with a data collection rule declaring the examples'
 * streams, ships through the Logs Ingestion API with a token the emulator accepts, and prints each table it received
 * (columns with their types, row count, a few rows) and what each stream dropped. With {@code LA_DCE_ENDPOINT} and
 * {@code LA_DCR_ID} in the environment it ships to that data collection rule instead, authenticated by
 * DefaultAzureCredential ({@code LA_CLIENT_ID} optional, for a user-assigned identity). With {@code LA_WORKSPACE_ID}
 * and {@code LA_SHARED_KEY} (or {@code LA_SHARED_KEY_FILE}) instead, it ships through the Data Collector API.
 */
public final class ExamplesApplication {

    static final int APP_EVENTS = 60;
    static final String DCR_ID = "dcr-00000000000000000000000000e1a001";
    /** The streams of the examples' rule, with their columns: what a rule in Azure declares for these routes. */
    static final Map<String, Map<String, String>> STREAMS = streams();
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
     * @param drops     for the emulator: what each stream dropped without an error
     */
    public record Report(String target, Map<String, Integer> shipped, List<String> failures, Map<String, JsonNode> tables,
            Map<String, StreamDrops> drops) {
    }

    public Report run() throws Exception {
        LogAnalyticsEmulator emulator = null;
        Main main = new Main();
        String target;
        if (env.containsKey("LA_DCE_ENDPOINT") && env.containsKey("LA_DCR_ID")) {
            target = "the data collection rule " + env.get("LA_DCR_ID") + " at " + env.get("LA_DCE_ENDPOINT")
                     + " (Logs Ingestion API, DefaultAzureCredential)";
            main.addInitialProperty("camel.component.loganalytics.endpoint", env.get("LA_DCE_ENDPOINT"));
            main.addInitialProperty("camel.component.loganalytics.rule-id", env.get("LA_DCR_ID"));
            putIfSet(main, "camel.component.loganalytics.client-id", env.get("LA_CLIENT_ID"));
            putIfSet(main, "camel.component.loganalytics.cloud", env.get("LA_CLOUD"));
        } else if (env.containsKey("LA_WORKSPACE_ID")
                   && (env.containsKey("LA_SHARED_KEY") || env.containsKey("LA_SHARED_KEY_FILE"))) {
            target = "the Log Analytics workspace " + env.get("LA_WORKSPACE_ID") + " (Data Collector API, cloud "
                     + env.getOrDefault("LA_CLOUD", "public") + ")";
            main.addInitialProperty("camel.component.loganalytics.workspace-id", env.get("LA_WORKSPACE_ID"));
            putIfSet(main, "camel.component.loganalytics.shared-key", env.get("LA_SHARED_KEY"));
            putIfSet(main, "camel.component.loganalytics.shared-key-file", env.get("LA_SHARED_KEY_FILE"));
            putIfSet(main, "camel.component.loganalytics.cloud", env.get("LA_CLOUD"));
            putIfSet(main, "camel.component.loganalytics.endpoint", env.get("LA_ENDPOINT"));
        } else {
            String token = UUID.randomUUID().toString();
            LogAnalyticsEmulator.Builder builder = LogAnalyticsEmulator.builder().acceptToken(token);
            STREAMS.forEach((stream, columns) -> builder.dataCollectionRule(DCR_ID, stream, columns));
            emulator = builder.start();
            // on loopback a fixed token stands in for an identity: no Azure code, no Java, a YAML route would do
            main.addInitialProperty("camel.component.loganalytics.endpoint", emulator.endpoint());
            main.addInitialProperty("camel.component.loganalytics.rule-id", DCR_ID);
            main.addInitialProperty("camel.component.loganalytics.access-token", token);
            target = "the local Log Analytics emulator at " + emulator.endpoint() + " (Logs Ingestion API, rule "
                     + DCR_ID + ")";
        }
        out.println("Shipping example records to " + target);

        main.configure().addRoutesBuilder(new ExampleRoutes());
        main.configure().withRoutesIncludePattern("classpath:routes/*.camel.yaml");
        Map<String, Integer> shipped = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        Map<String, JsonNode> tables = new LinkedHashMap<>();
        Map<String, StreamDrops> drops = new LinkedHashMap<>();
        try {
            main.start();
            ProducerTemplate producer = main.getCamelContext().createProducerTemplate();
            // acknowledged delivery: each request returns once the service accepted the records
            record("access log records (Java DSL)", producer.request("direct:access-log", e -> {
            }), shipped, failures);
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
                tables.putAll(printTables(emulator.endpoint(), LogAnalyticsEmulator.DEFAULT_WORKSPACE));
                for (String stream : STREAMS.keySet()) {
                    drops.put(stream, emulator.drops(DCR_ID, stream));
                }
                explain(drops);
            } else {
                out.println("Query them in the workspace, e.g.: HttpRequests_CL | take 10");
            }
        } finally {
            main.stop();
            if (emulator != null) {
                emulator.close();
            }
        }
        return new Report(target, shipped, failures, tables, drops);
    }

    private static Map<String, Map<String, String>> streams() {
        Map<String, String> httpRequests = new LinkedHashMap<>();
        httpRequests.put("TimeGenerated", "datetime");
        httpRequests.put("clientIp", "string");
        httpRequests.put("user", "string");
        httpRequests.put("requestTime", "datetime");
        httpRequests.put("method", "string");
        httpRequests.put("path", "string");
        httpRequests.put("protocol", "string");
        httpRequests.put("status", "int");
        httpRequests.put("bytes", "long");
        httpRequests.put("referrer", "string");
        httpRequests.put("userAgent", "string");
        httpRequests.put("durationMs", "real");
        httpRequests.put("error", "boolean");
        Map<String, String> appEvents = new LinkedHashMap<>();
        appEvents.put("TimeGenerated", "datetime");
        appEvents.put("eventTime", "datetime");
        appEvents.put("kind", "string");
        appEvents.put("service", "string");
        appEvents.put("level", "string");
        appEvents.put("orderId", "string");
        appEvents.put("itemCount", "int");
        appEvents.put("amount", "real");
        appEvents.put("durationMs", "real");
        appEvents.put("success", "boolean");
        appEvents.put("region", "string");
        Map<String, String> auditEvents = new LinkedHashMap<>();
        auditEvents.put("TimeGenerated", "datetime");
        auditEvents.put("eventTime", "datetime");
        auditEvents.put("kind", "string");
        auditEvents.put("action", "string");
        auditEvents.put("actor", "string");
        auditEvents.put("tenantGuid", "string");
        auditEvents.put("allowed", "boolean");
        Map<String, Map<String, String>> streams = new LinkedHashMap<>();
        streams.put("Custom-HttpRequests_CL", httpRequests);
        streams.put("Custom-AppEvents_CL", appEvents);
        streams.put("Custom-AuditEvents_CL", auditEvents);
        return streams;
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
    private void explain(Map<String, StreamDrops> drops) {
        out.println();
        out.println("Reading the tables:");
        out.println("  - Each table has exactly the columns its stream declares, with the declared types: what a record carries");
        out.println("    beyond them, the service drops without an error. Nothing was dropped here:");
        drops.forEach((stream, dropped) -> out.println(String.format("      %-24s %s", stream, dropped.isEmpty()
                ? "nothing dropped" : "dropped columns " + dropped.droppedColumns() + ", unconverted values "
                                       + dropped.unconvertedValues() + ", TimeGenerated replaced "
                                       + dropped.timeGeneratedReplaced())));
        out.println("  - TimeGenerated is each record's own time: the routes set timeGeneratedField (requestTime, eventTime),");
        out.println("    whose value the component copies into TimeGenerated. The service keeps 2 days back to 1 day ahead.");
        out.println("  - The YAML route picks each event's stream with the CamelLogAnalyticsLogType header:");
        out.println("    AppEvents go to Custom-AppEvents_CL, AuditEvents to Custom-AuditEvents_CL.");
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
