package io.github.camelloganalytics.examples;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Application events as a shop backend emits them: a time field, numbers, booleans and GUIDs, of two kinds
 * ({@code AppEvents} and {@code AuditEvents}) that go to two tables.
 */
public final class AppEventGenerator {

    private static final String[] SERVICES = { "checkout", "catalog", "payments", "identity" };
    private static final String[] REGIONS = { "westeurope", "northeurope", "eastus" };
    private static final String[] ACTIONS = { "user.login", "user.logout", "order.refund", "role.grant" };

    private final Random random = new Random(42);

    /** {@code count} events, every fifth one an audit event; times lie in the last 10 minutes. */
    public List<Map<String, Object>> generate(int count) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Map<String, Object>> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("eventTime", now.minusMillis(random.nextInt(600_000)).toString());
            if (i % 5 == 4) {
                event.put("kind", "AuditEvents");
                event.put("action", ACTIONS[random.nextInt(ACTIONS.length)]);
                event.put("actor", "user" + random.nextInt(50) + "@example.com");
                event.put("tenantGuid", new UUID(random.nextLong(), random.nextLong()).toString());
                event.put("allowed", random.nextInt(10) > 0);
            } else {
                event.put("kind", "AppEvents");
                event.put("service", SERVICES[random.nextInt(SERVICES.length)]);
                event.put("level", random.nextInt(10) == 0 ? "error" : "info");
                event.put("orderId", new UUID(random.nextLong(), random.nextLong()).toString());
                event.put("itemCount", 1 + random.nextInt(8));
                event.put("amount", Math.round(random.nextDouble() * 50_000) / 100.0);
                event.put("durationMs", Math.round(random.nextDouble() * 80_000) / 100.0);
                event.put("success", random.nextInt(12) > 0);
                event.put("region", REGIONS[random.nextInt(REGIONS.length)]);
            }
            events.add(event);
        }
        return events;
    }
}
