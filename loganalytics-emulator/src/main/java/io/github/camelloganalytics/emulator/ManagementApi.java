package io.github.camelloganalytics.emulator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The emulator's own HTTP API under {@code /emulator/}: tables with their rows and columns, and the fault plan.
 */
final class ManagementApi {

    static final String PREFIX = "/emulator/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Workspace> workspaces;
    private final Map<String, DataCollectionRule> rules;
    private final FaultPlan faults;

    ManagementApi(Map<String, Workspace> workspaces, Map<String, DataCollectionRule> rules, FaultPlan faults) {
        this.workspaces = workspaces;
        this.rules = rules;
        this.faults = faults;
    }

    EmulatorResponse handle(String method, String path, byte[] body) throws IOException {
        String[] parts = path.substring(1).split("/");
        try {
            if (parts.length == 2 && parts[1].equals("faults")) {
                return faults(method, body);
            }
            if (parts.length >= 4 && parts[1].equals("workspaces") && parts[3].equals("tables")) {
                return tables(method, parts);
            }
            if (parts.length == 6 && parts[1].equals("dataCollectionRules") && parts[3].equals("streams")
                    && parts[5].equals("drops") && "GET".equals(method)) {
                return drops(parts[2], parts[4]);
            }
        } catch (IllegalArgumentException e) {
            return EmulatorResponse.json(400, Map.of("error", e.getMessage()));
        }
        return EmulatorResponse.json(404, Map.of("error", "unknown emulator resource " + method + " " + path));
    }

    private EmulatorResponse faults(String method, byte[] body) throws IOException {
        if ("DELETE".equals(method)) {
            faults.clear();
            return EmulatorResponse.empty(204);
        }
        if ("POST".equals(method)) {
            faults.add(parseFaults(body));
            return EmulatorResponse.json(200, Map.of("pending", faults.size()));
        }
        return EmulatorResponse.json(405, Map.of("error", "faults take POST or DELETE"));
    }

    private EmulatorResponse tables(String method, String[] parts) {
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
        return EmulatorResponse.json(404, Map.of("error", "unknown table resource"));
    }

    /** What a stream dropped without an error: {@code {"droppedColumns": {...}, "unconvertedValues": {...}, ...}}. */
    private EmulatorResponse drops(String ruleId, String stream) {
        DataCollectionRule rule = rules.get(ruleId);
        if (rule == null || rule.stream(stream) == null) {
            return EmulatorResponse.json(404, Map.of("error", "no stream " + stream + " in rule " + ruleId));
        }
        StreamDrops drops = rule.drops(stream);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("droppedColumns", drops.droppedColumns());
        result.put("unconvertedValues", drops.unconvertedValues());
        result.put("timeGeneratedReplaced", drops.timeGeneratedReplaced());
        result.put("truncatedValues", drops.truncatedValues());
        return EmulatorResponse.json(200, result);
    }

    /** Reads {@code {"faults":[{...}, ...]}} or a single fault object. */
    static List<Fault> parseFaults(byte[] body) throws IOException {
        JsonNode root = JSON.readTree(body);
        JsonNode list = root != null && root.has("faults") ? root.get("faults") : root;
        List<Fault> parsed = new ArrayList<>();
        if (list == null) {
            throw new IllegalArgumentException("expected {\"faults\": [...]}");
        }
        for (JsonNode node : list.isArray() ? list : List.of(list)) {
            parsed.add(new Fault(node.path("count").asInt(1), node.path("status").asInt(0),
                    text(node, "retryAfter"), text(node, "retryAfterMs"), node.path("latencyMs").asLong(0),
                    text(node, "drop"), text(node, "body"), node.path("answerDelayMs").asLong(0)));
        }
        return parsed;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
