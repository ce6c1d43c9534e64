package io.github.camelloganalytics.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses web server access log lines (combined format plus the request time in seconds) into typed records.
 */
public final class AccessLogParser {

    /** The access log bundled with the examples. */
    public static final String BUNDLED = "/data/access.log";

    private static final Pattern LINE = Pattern.compile(
            "(\\S+) \\S+ (\\S+) \\[([^\\]]+)] \"(\\S+) (\\S+) (\\S+)\" (\\d{3}) (\\d+|-) \"([^\"]*)\" \"([^\"]*)\"(?: (\\d+\\.\\d+))?");
    private static final DateTimeFormatter CLF_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US);

    /**
     * The bundled log's lines, as records: one exchange carries them all, as a List body. The request times are
     * shifted so that the newest request happened now: the service keeps a TimeGenerated up to 2 days old only.
     */
    public List<Map<String, Object>> parseBundled() {
        List<Map<String, Object>> records;
        try (InputStream in = AccessLogParser.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLED + " is not on the classpath");
            }
            records = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant newest = records.stream().map(r -> Instant.parse((String) r.get("requestTime")))
                .max(Instant::compareTo).orElse(Instant.now());
        Duration shift = Duration.between(newest, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        for (Map<String, Object> record : records) {
            record.put("requestTime", Instant.parse((String) record.get("requestTime")).plus(shift).toString());
        }
        return records;
    }

    /** One record per line; lines that are not access log lines are skipped. */
    public List<Map<String, Object>> parse(String text) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("clientIp", m.group(1));
            if (!"-".equals(m.group(2))) {
                record.put("user", m.group(2));
            }
            record.put("requestTime", OffsetDateTime.parse(m.group(3), CLF_TIME).toInstant().toString());
            record.put("method", m.group(4));
            record.put("path", m.group(5));
            record.put("protocol", m.group(6));
            record.put("status", Integer.parseInt(m.group(7)));
            record.put("bytes", "-".equals(m.group(8)) ? 0 : Long.parseLong(m.group(8)));
            if (!"-".equals(m.group(9))) {
                record.put("referrer", m.group(9));
            }
            record.put("userAgent", m.group(10));
            if (m.group(11) != null) {
                record.put("durationMs", Math.round(Double.parseDouble(m.group(11)) * 1_000_000) / 1000.0);
            }
            record.put("error", Integer.parseInt(m.group(7)) >= 500);
            records.add(record);
        }
        return records;
    }
}
