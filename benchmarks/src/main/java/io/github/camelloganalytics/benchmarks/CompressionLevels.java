package io.github.camelloganalytics.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What each gzip level costs and saves on the benchmark's records, as the Logs Ingestion path sends them: CPU time
 * per MB of JSON, and the bytes on the wire. The service takes at most 1 MiB per request as sent, so the ratio also
 * says how many records one request can carry.
 */
final class CompressionLevels {

    /** One level's figures. */
    record Level(int level, double cpuMillisPerMegabyte, double ratio, long recordsPerMebibyte) {
    }

    private final LogEvents events;
    private final PrintStream out;

    CompressionLevels(LogEvents events, PrintStream out) {
        this.events = events;
        this.out = out;
    }

    /** Compresses {@code repeats} bodies of {@code batch} records at each level, after a warm-up. */
    List<Level> measure(int batch, int repeats) throws Exception {
        List<Map<String, Object>> records = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            records.add(events.get(i));
        }
        byte[] json = new ObjectMapper().writeValueAsBytes(records);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int level = 1; level <= 9; level++) {
            gzip(json, level); // warm-up
        }
        List<Level> levels = new ArrayList<>();
        for (int level = 1; level <= 9; level++) {
            long cpu = threads.getCurrentThreadCpuTime();
            int size = 0;
            for (int r = 0; r < repeats; r++) {
                size = gzip(json, level).length;
            }
            double millis = (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / repeats;
            double ratio = (double) size / json.length;
            levels.add(new Level(level, millis / (json.length / 1e6), ratio,
                    (long) (CountingSink.MAX_LOGS_INGESTION_BODY / (ratio * json.length / batch))));
        }
        out.printf("gzip levels on %d records (%.1f MB of JSON), %d repeats each; level %d is the JDK's default%n",
                batch, json.length / 1e6, repeats, Deflater.DEFAULT_COMPRESSION == -1 ? 6 : Deflater.DEFAULT_COMPRESSION);
        out.printf("%5s %16s %14s %22s%n", "level", "CPU ms per MB", "wire / JSON", "records per 1 MiB body");
        for (Level level : levels) {
            out.printf("%5d %16.2f %14.3f %22d%n", level.level(), level.cpuMillisPerMegabyte(), level.ratio(),
                    level.recordsPerMebibyte());
        }
        return levels;
    }

    private static byte[] gzip(byte[] json, int level) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(json.length / 4);
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes, 64 * 1024) {
            {
                def.setLevel(level);
            }
        }) {
            gzip.write(json);
        }
        return bytes.toByteArray();
    }
}
