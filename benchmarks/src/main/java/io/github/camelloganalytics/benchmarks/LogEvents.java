package io.github.camelloganalytics.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Realistic log events, 300 to 600 bytes of JSON with 11 fields of mixed types, generated once and reused in turn.
 */
final class LogEvents {

    private static final String[] LEVELS = { "INFO", "INFO", "INFO", "WARN", "ERROR", "DEBUG" };
    private static final String[] SERVICES = { "checkout", "catalog", "payments", "identity", "search", "shipping" };
    private static final String[] PATHS = { "/api/orders", "/api/cart/items", "/api/login", "/api/search", "/products" };
    private static final String WORDS = "order payment cart user session token request response latency retry "
                                        + "timeout database cache queue worker shipment invoice customer product";

    private final List<Map<String, Object>> events;
    private final long[] sizes;

    LogEvents(int distinct) {
        Random random = new Random(7);
        ObjectMapper mapper = new ObjectMapper();
        String[] words = WORDS.split(" ");
        events = new ArrayList<>(distinct);
        sizes = new long[distinct];
        Instant base = Instant.now();
        for (int i = 0; i < distinct; i++) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("time", base.minusMillis(random.nextInt(3_600_000)).toString());
            event.put("level", LEVELS[random.nextInt(LEVELS.length)]);
            event.put("service", SERVICES[random.nextInt(SERVICES.length)]);
            event.put("host", "node-" + random.nextInt(40) + ".prod.example.com");
            event.put("traceId", new UUID(random.nextLong(), random.nextLong()).toString());
            event.put("path", PATHS[random.nextInt(PATHS.length)]);
            event.put("status", random.nextInt(10) == 0 ? 500 : 200);
            event.put("durationMs", Math.round(random.nextDouble() * 500_00) / 100.0);
            event.put("success", random.nextInt(10) != 0);
            event.put("userId", random.nextInt(1_000_000));
            StringBuilder message = new StringBuilder();
            int target = 60 + random.nextInt(280);
            while (message.length() < target) {
                message.append(words[random.nextInt(words.length)]).append(' ');
            }
            event.put("message", message.toString().strip());
            events.add(event);
            try {
                sizes[i] = mapper.writeValueAsString(event).getBytes(StandardCharsets.UTF_8).length;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    Map<String, Object> get(long index) {
        return events.get((int) (index % events.size()));
    }

    /** JSON bytes of the event at {@code index}. */
    int size(long index) {
        return (int) sizes[(int) (index % sizes.length)];
    }

    /** JSON bytes of {@code count} events starting at index 0. */
    long bytes(long count) {
        long total = 0;
        for (long i = 0; i < count; i++) {
            total += sizes[(int) (i % sizes.length)];
        }
        return total;
    }

    long minSize() {
        long min = Long.MAX_VALUE;
        for (long s : sizes) {
            min = Math.min(min, s);
        }
        return min;
    }

    long maxSize() {
        long max = 0;
        for (long s : sizes) {
            max = Math.max(max, s);
        }
        return max;
    }
}
