package io.github.camelloganalytics.emulator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The Logs Ingestion API, {@code POST /dataCollectionRules/{ruleId}/streams/{stream}?api-version=2023-01-01}: a bearer
 * token the emulator was told to accept, the 1 MiB limit (413 ContentLengthLimitExceeded), gzip, a known rule and
 * stream (404), a JSON array of objects (400); then 204 and the records stored in the stream's table, keeping the
 * declared columns only.
 */
final class LogsIngestionApi implements IngestionApi {

    static final String API_VERSION = "2023-01-01";
    /** The limit applies to the body as sent, compressed or not: see the emulator guide for the evidence. */
    static final int MAX_BYTES = 1024 * 1024;
    /** What a gzip body may inflate to before the emulator refuses it, so a small bomb cannot fill its heap. */
    static final int MAX_INFLATED_BYTES = 64 * 1024 * 1024;
    static final int FIELD_LIMIT = 64 * 1024;
    static final Pattern PATH = Pattern.compile("/dataCollectionRules/([^/]+)/streams/([^/]+)");

    private static final System.Logger LOG = System.getLogger("io.github.camelloganalytics.emulator");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private final Map<String, DataCollectionRule> rules;
    private final Set<String> tokens;
    private final Map<String, Workspace> workspaces;
    private final Clock clock;

    LogsIngestionApi(Map<String, DataCollectionRule> rules, Set<String> tokens, Map<String, Workspace> workspaces,
                     Clock clock) {
        this.rules = rules;
        this.tokens = tokens;
        this.workspaces = workspaces;
        this.clock = clock;
    }

    @Override
    public boolean handles(String path) {
        return PATH.matcher(path).matches();
    }

    @Override
    public int countRecords(IngestionRequest request) {
        try {
            byte[] json = request.body();
            if ("gzip".equalsIgnoreCase(request.header("Content-Encoding"))) {
                json = gunzip(json);
            }
            JsonNode root = JSON.readTree(json);
            return root == null ? 0 : root.size();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public EmulatorResponse handle(IngestionRequest request) {
        Matcher path = PATH.matcher(request.path());
        if (!"POST".equals(request.method()) || !path.matches()) {
            return error(404, "NotFound", "The requested resource was not found.");
        }
        String apiVersion = request.queryParameter("api-version");
        if (!API_VERSION.equals(apiVersion)) {
            return error(400, "InvalidApiVersion", "The api-version '" + apiVersion + "' is not supported; use " + API_VERSION + ".");
        }
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")
                || !tokens.contains(authorization.substring("Bearer ".length()).strip())) {
            return error(401, "InvalidAuthenticationToken", "The access token is missing, invalid or expired.");
        }
        if (request.body().length > MAX_BYTES) {
            return tooLarge(request.body().length);
        }
        DataCollectionRule rule = rules.get(path.group(1));
        if (rule == null) {
            return error(404, "InvalidDcrImmutableId", "The data collection rule " + path.group(1) + " does not exist.");
        }
        String streamName = path.group(2);
        Map<String, String> columns = rule.stream(streamName);
        if (columns == null) {
            return error(404, "InvalidStream", "The stream " + streamName + " is not declared in rule " + rule.id() + ".");
        }
        String contentType = request.header("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return error(415, "UnsupportedMediaType", "Content-Type must be application/json.");
        }
        byte[] json = request.body();
        String encoding = request.header("Content-Encoding");
        if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
            try {
                json = gunzip(json);
            } catch (IOException e) {
                return error(400, "InvalidContentEncoding", "The body is not valid gzip.");
            }
            if (json.length > MAX_INFLATED_BYTES) {
                return error(413, "ContentLengthLimitExceeded", "The body inflates to more than "
                                                               + MAX_INFLATED_BYTES + " bytes.");
            }
        } else if (encoding != null && !encoding.isBlank()) {
            return error(400, "InvalidContentEncoding", "Content-Encoding must be gzip or absent.");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return error(400, "InvalidJson", "The request body is malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return error(400, "InvalidJson", "The request body cannot be read.");
        }
        if (root == null || !root.isArray()) {
            return error(400, "InvalidJson", "The request body must be a JSON array.");
        }
        if (root.isEmpty()) {
            return EmulatorResponse.empty(204);
        }
        List<JsonNode> records = new ArrayList<>();
        for (JsonNode record : root) {
            if (!record.isObject()) {
                return error(400, "InvalidJson", "Every element of the body must be a JSON object.");
            }
            records.add(record);
        }
        Workspace workspace = workspaces.get(rule.workspaceId().toLowerCase(Locale.ROOT));
        store(workspace.tableForWriting(DataCollectionRule.tableOf(streamName)), columns, records,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), new Drops(rule, streamName));
        return EmulatorResponse.empty(204);
    }

    /**
     * Keeps the declared columns only, converted to their declared types, as the service does with a rule whose
     * transformation is {@code source}: what it drops it drops without an error, and the emulator counts it. A
     * TimeGenerated more than 2 days old or more than 1 day ahead, or missing, is the time of receipt.
     */
    private static void store(Table table, Map<String, String> declared, List<JsonNode> records, Instant now,
                              Drops drops) {
        List<Map<String, Object>> rows = new ArrayList<>(records.size());
        synchronized (table) {
            table.addColumn("TimeGenerated", "datetime");
            declared.forEach(table::addColumn);
            table.addColumn("Type", "string");
            for (JsonNode record : records) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("TimeGenerated", timeGenerated(record.get("TimeGenerated"), now, drops).toString());
                for (Map.Entry<String, String> column : declared.entrySet()) {
                    if (column.getKey().equals("TimeGenerated")) {
                        continue;
                    }
                    JsonNode given = record.get(column.getKey());
                    Object value = convert(given, column.getValue());
                    if (value != null) {
                        if (value instanceof String text && given.isTextual()
                                && text.length() < given.textValue().length()) {
                            drops.truncated();
                        }
                        row.put(column.getKey(), value);
                    } else if (given != null && !given.isNull()) {
                        drops.unconverted(column.getKey(), column.getValue(), JsonProblemsOf.kind(given));
                    }
                }
                for (java.util.Iterator<String> names = record.fieldNames(); names.hasNext();) {
                    String name = names.next();
                    if (!declared.containsKey(name) && !name.equals("TimeGenerated")) {
                        drops.droppedColumn(name);
                    }
                }
                row.put("Type", table.name());
                rows.add(row);
            }
            table.addRows(rows);
        }
    }

    /** The record's TimeGenerated when it is a date within the window the service keeps, else the time of receipt. */
    private static Instant timeGenerated(JsonNode value, Instant now, Drops drops) {
        if (value == null || value.isNull()) {
            return now;
        }
        Instant given = value.isTextual() ? DataCollectorSchema.parseDateTime(value.textValue()) : null;
        if (given == null || given.isBefore(now.minus(DataCollectorSchema.TIME_GENERATED_PAST))
                || given.isAfter(now.plus(DataCollectorSchema.TIME_GENERATED_FUTURE))) {
            drops.timeGeneratedReplaced(given);
            return now;
        }
        return given;
    }

    /** Counts one request's drops in its stream, and logs the first of each kind. */
    private static final class Drops {
        private final String rule;
        private final String stream;
        private final StreamDrops.Counter counter;

        Drops(DataCollectionRule rule, String stream) {
            this.rule = rule.id();
            this.stream = stream;
            this.counter = rule.dropsOf(stream);
        }

        void droppedColumn(String column) {
            if (counter.droppedColumn(column)) {
                log("dropped column '" + column + "': the stream does not declare it");
            }
        }

        void unconverted(String column, String type, String kind) {
            if (counter.unconverted(column)) {
                log("left column '" + column + "' (" + type + ") empty: a " + kind + " value does not convert to it");
            }
        }

        void timeGeneratedReplaced(Instant given) {
            if (counter.timeGeneratedReplaced()) {
                log("replaced TimeGenerated " + (given == null ? "that is not a date" : given)
                    + " by the time of receipt: the service keeps only 2 days back to 1 day ahead");
            }
        }

        void truncated() {
            counter.truncated();
        }

        private void log(String what) {
            LOG.log(System.Logger.Level.WARNING, "Stream " + stream + " of rule " + rule + ": " + what
                                                 + "; the service answers 204 all the same. Later drops are counted:"
                                                 + " GET /emulator/dataCollectionRules/" + rule + "/streams/" + stream
                                                 + "/drops");
        }
    }

    /**
     * A value in the declared type, or null (an empty cell) when absent or not convertible. Chosen where the service's
     * behaviour is not documented: numbers and numeric text convert to numeric columns, a fraction into an integer
     * column leaves the cell empty, {@code true}/{@code false} (also as text) convert to boolean, anything goes into
     * string (non-text as its JSON) and dynamic columns.
     */
    static Object convert(JsonNode value, String type) {
        if (value == null || value.isNull()) {
            return null;
        }
        return switch (type) {
            case "string" -> value.isTextual() ? DataCollectorSchema.truncate(value.textValue(), FIELD_LIMIT)
                    : value.toString();
            case "int", "long" -> toLong(value);
            case "real" -> toDouble(value);
            case "boolean" -> toBoolean(value);
            case "datetime" -> {
                Instant instant = value.isTextual() ? DataCollectorSchema.parseDateTime(value.textValue()) : null;
                yield instant == null ? null : instant.toString();
            }
            case "guid" -> value.isTextual() && value.textValue().replace("-", "").matches("[0-9a-fA-F]{32}")
                    ? DataCollectorSchema.normalizeGuid(value.textValue()) : null;
            default -> JSON.convertValue(value, Object.class); // dynamic
        };
    }

    private static Long toLong(JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isNumber()) {
            double d = value.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 9.0e18 ? Long.valueOf((long) d) : null;
        }
        return value.isTextual() ? parseLong(value.textValue()) : null;
    }

    private static Double toDouble(JsonNode value) {
        if (value.isNumber()) {
            return value.doubleValue();
        }
        return value.isTextual() ? parseDouble(value.textValue()) : null;
    }

    private static Boolean toBoolean(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()) {
            String text = value.textValue().strip();
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                return Boolean.valueOf(text.equalsIgnoreCase("true"));
            }
        }
        return null;
    }

    private static Long parseLong(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double parseDouble(String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readNBytes(MAX_INFLATED_BYTES + 1);
        }
    }

    private static EmulatorResponse tooLarge(int length) {
        return errorResponse(413, "ContentLengthLimitExceeded", "Maximum allowed content length: " + MAX_BYTES
                                                        + " bytes (1 MB). Provided content length: " + length + " bytes.");
    }

    /** The Logs Ingestion API's error shape, with the code also in {@code x-ms-error-code}. */
    @Override
    public EmulatorResponse error(int status, String code, String message) {
        return errorResponse(status, code, message);
    }

    static EmulatorResponse errorResponse(int status, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        EmulatorResponse json = EmulatorResponse.json(status, Map.of("error", error));
        Map<String, String> headers = new LinkedHashMap<>(json.headers());
        headers.put("x-ms-error-code", code);
        return new EmulatorResponse(status, headers, json.body());
    }
}
