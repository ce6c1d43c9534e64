package io.github.camelloganalytics.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The HTTP Data Collector API, {@code POST /api/logs?api-version=2016-04-01}, with the checks and answers of the
 * service: api-version, Content-Type, Log-Type, x-ms-date skew, the SharedKey signature over the raw body, the 30 MB
 * cap (404), the body shape and reserved properties (400), then 200 and the records stored in {@code <Log-Type>_CL}.
 */
final class DataCollectorApi implements IngestionApi {

    static final String PATH = "/api/logs";
    static final String API_VERSION = "2016-04-01";
    static final int MAX_BODY_BYTES = 30 * 1024 * 1024;
    static final Duration MAX_DATE_SKEW = Duration.ofMinutes(15);
    static final Set<String> RESERVED = Set.of("tenant", "TimeGenerated", "RawData");

    private static final Pattern LOG_TYPE = Pattern.compile("[A-Za-z0-9_]{1,100}");
    private static final Pattern AUTHORIZATION = Pattern.compile("SharedKey ([^:\\s]+):(\\S+)");
    private static final DateTimeFormatter X_MS_DATE
            = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private final Map<String, Workspace> workspaces;
    private final Clock clock;

    DataCollectorApi(Map<String, Workspace> workspaces, Clock clock) {
        this.workspaces = workspaces;
        this.clock = clock;
    }

    @Override
    public boolean handles(String path) {
        return PATH.equals(path);
    }

    @Override
    public EmulatorResponse error(int status, String code, String message) {
        return EmulatorResponse.dataCollectorError(status, code, message);
    }

    @Override
    public int countRecords(IngestionRequest request) {
        try {
            JsonNode root = JSON.readTree(request.body());
            return root == null ? 0 : root.size();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    @Override
    public EmulatorResponse handle(IngestionRequest request) {
        if (!"POST".equals(request.method())) {
            return EmulatorResponse.empty(404);
        }
        if (request.body().length > MAX_BODY_BYTES) {
            return EmulatorResponse.text(404, "Either the provided URL is incorrect or the request is too large.");
        }
        String apiVersion = request.queryParameter("api-version");
        if (apiVersion == null) {
            return EmulatorResponse.dataCollectorError(400, "MissingApiVersion", "The API version wasn't specified.");
        }
        if (!API_VERSION.equals(apiVersion)) {
            return EmulatorResponse.dataCollectorError(400, "InvalidApiVersion",
                    "The API version that you specified wasn't recognized by the service.");
        }
        String contentType = request.header("Content-Type");
        if (contentType == null) {
            return EmulatorResponse.dataCollectorError(400, "MissingContentType", "The content type wasn't specified.");
        }
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return EmulatorResponse.dataCollectorError(400, "UnsupportedContentType",
                    "The content type wasn't set to application/json.");
        }
        String logType = request.header("Log-Type");
        if (logType == null || logType.isEmpty()) {
            return EmulatorResponse.dataCollectorError(400, "MissingLogType",
                    "The value type for the log type wasn't specified.");
        }
        if (!LOG_TYPE.matcher(logType).matches()) {
            return EmulatorResponse.dataCollectorError(400, "InvalidLogType",
                    "The log type contained special characters or numerics.");
        }
        Matcher authorization = AUTHORIZATION.matcher(String.valueOf(request.header("Authorization")));
        if (!authorization.matches()) {
            return forbidden("The Authorization header is missing or is not 'SharedKey <WorkspaceID>:<Signature>'.");
        }
        Workspace workspace = workspaces.get(authorization.group(1).toLowerCase(Locale.ROOT));
        if (workspace == null) {
            return EmulatorResponse.dataCollectorError(400, "InvalidCustomerId",
                    "The workspace ID specified is invalid.");
        }
        String date = request.header("x-ms-date");
        if (date == null) {
            return forbidden("The x-ms-date header is missing.");
        }
        Instant sentAt;
        try {
            sentAt = ZonedDateTime.parse(date, X_MS_DATE).toInstant();
        } catch (DateTimeParseException e) {
            return forbidden("The x-ms-date header is not an RFC 1123 date such as 'Mon, 04 Apr 2016 08:00:00 GMT'.");
        }
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        if (Duration.between(sentAt, now).abs().compareTo(MAX_DATE_SKEW) > 0) {
            return forbidden("The x-ms-date header is more than 15 minutes away from the service's time.");
        }
        if (!signedByWorkspace(workspace, authorization.group(2), request.body().length, contentType, date)) {
            return forbidden("The signature does not match: check the workspace ID and key.");
        }
        List<JsonNode> records = new ArrayList<>();
        String problem = parse(request.body(), records);
        if (problem != null) {
            return EmulatorResponse.dataCollectorError(400, "InvalidDataFormat", problem);
        }
        if (!records.isEmpty()) {
            // an empty array is accepted, and creates no table
            Table table = workspace.tableForWriting(logType + "_CL");
            DataCollectorSchema.store(table, records, request.header("x-ms-AzureResourceId"),
                    request.header("time-generated-field"), now);
        }
        return EmulatorResponse.empty(200);
    }

    private static boolean signedByWorkspace(Workspace workspace, String signature, int length, String contentType,
                                             String date) {
        for (byte[] key : workspace.keys()) {
            if (SharedKeyVerifier.verify(key, signature, length, contentType, date)) {
                return true;
            }
        }
        return false;
    }

    /** Reads the body: a JSON array of objects. Returns the problem, or null when fine. */
    private static String parse(byte[] body, List<JsonNode> records) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return "The request body is not valid JSON: " + e.getOriginalMessage();
        } catch (java.io.IOException e) {
            return "The request body cannot be read: " + e.getMessage();
        }
        if (root == null || !root.isArray()) {
            return "The request body must be a JSON array of records.";
        }
        for (int i = 0; i < root.size(); i++) {
            JsonNode record = root.get(i);
            if (!record.isObject()) {
                return "Record " + i + " is not a JSON object.";
            }
            for (String reserved : RESERVED) {
                if (record.has(reserved)) {
                    return "Record " + i + " has the reserved property '" + reserved + "'.";
                }
            }
            records.add(record);
        }
        return null;
    }

    private static EmulatorResponse forbidden(String message) {
        return EmulatorResponse.dataCollectorError(403, "InvalidAuthorization", message);
    }
}
