package io.github.camelloganalytics;

import java.time.Instant;
import java.util.Map;

import io.github.camelloganalytics.batch.DeliveryFailure;
import io.github.camelloganalytics.delivery.DeliveryStatistics;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * The state of every {@code loganalytics:} endpoint: where it sends, how, what is pending and in flight, what was
 * accepted and failed, and the last failure. Seen with {@code camel.main.dev-console-enabled=true} or
 * {@code camel run --console}.
 */
@DevConsole(name = "loganalytics", displayName = "Log Analytics", description = "Azure Monitor Log Analytics endpoints")
public class LogAnalyticsDevConsole extends AbstractDevConsole {

    public LogAnalyticsDevConsole() {
        super("camel", "loganalytics", "Log Analytics", "Azure Monitor Log Analytics endpoints");
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        StringBuilder sb = new StringBuilder();
        for (Endpoint e : getCamelContext().getEndpoints()) {
            if (e instanceof LogAnalyticsEndpoint endpoint) {
                LogAnalyticsConfiguration c = endpoint.getConfiguration();
                DeliveryStatistics.Snapshot s = endpoint.statistics().snapshot();
                sb.append(String.format("%n    Endpoint: %s", endpoint.getEndpointUri()));
                sb.append(String.format("%n        Target: %s (%s, %s delivery)", endpoint.target(), c.getApi(),
                        c.getDeliveryMode()));
                sb.append(String.format("%n        Producers: %d", endpoint.runningProducers()));
                sb.append(String.format("%n        Pending: %d bytes (high water %d of %d)", s.pendingBytes(),
                        s.pendingBytesHighWater(), c.getMaxPendingBytes()));
                sb.append(String.format("%n        In flight: %d, %d allowed now (%s, at most %d)", s.inFlight(),
                        endpoint.concurrencyLimit(), c.isAdaptiveConcurrency() ? "adaptive" : "fixed",
                        c.getMaxConcurrentRequests()));
                sb.append(String.format("%n        Records: %d accepted, %d failed, %d lost", s.recordsAccepted(),
                        s.recordsFailed(), s.recordsLost()));
                sb.append(String.format("%n        Requests: %d (%d retries)", s.requests(), s.retries()));
                DeliveryFailure f = s.lastFailure();
                if (f != null) {
                    sb.append(String.format("%n        Last failure: %s: %s%s%s", Instant.ofEpochMilli(s.lastFailureMillis()),
                            f.reason(), f.statusCode() > 0 ? " (HTTP " + f.statusCode() + ")" : "",
                            f.errorCode() != null ? " [" + f.errorCode() + "]" : ""));
                }
                sb.append(System.lineSeparator());
            }
        }
        return sb.toString();
    }

    @Override
    protected JsonObject doCallJson(Map<String, Object> options) {
        JsonObject root = new JsonObject();
        JsonArray endpoints = new JsonArray();
        for (Endpoint e : getCamelContext().getEndpoints()) {
            if (e instanceof LogAnalyticsEndpoint endpoint) {
                endpoints.add(toJson(endpoint));
            }
        }
        root.put("endpoints", endpoints);
        return root;
    }

    private static JsonObject toJson(LogAnalyticsEndpoint endpoint) {
        LogAnalyticsConfiguration c = endpoint.getConfiguration();
        DeliveryStatistics.Snapshot s = endpoint.statistics().snapshot();
        JsonObject jo = new JsonObject();
        jo.put("uri", endpoint.getEndpointUri());
        jo.put("target", endpoint.target());
        jo.put("api", c.getApi().name());
        jo.put("deliveryMode", c.getDeliveryMode().name());
        jo.put("producers", endpoint.runningProducers());
        jo.put("pendingBytes", s.pendingBytes());
        jo.put("pendingBytesHighWater", s.pendingBytesHighWater());
        jo.put("maxPendingBytes", c.getMaxPendingBytes());
        jo.put("inFlight", s.inFlight());
        jo.put("concurrencyLimit", endpoint.concurrencyLimit());
        jo.put("maxConcurrentRequests", c.getMaxConcurrentRequests());
        jo.put("adaptiveConcurrency", c.isAdaptiveConcurrency());
        jo.put("recordsAccepted", s.recordsAccepted());
        jo.put("recordsFailed", s.recordsFailed());
        jo.put("recordsLost", s.recordsLost());
        jo.put("requests", s.requests());
        jo.put("retries", s.retries());
        DeliveryFailure f = s.lastFailure();
        if (f != null) {
            JsonObject failure = new JsonObject();
            failure.put("at", Instant.ofEpochMilli(s.lastFailureMillis()).toString());
            failure.put("reason", f.reason());
            if (f.statusCode() > 0) {
                failure.put("statusCode", f.statusCode());
            }
            if (f.errorCode() != null) {
                failure.put("errorCode", f.errorCode());
            }
            failure.put("attempts", f.attempts());
            failure.put("retryable", f.retryable());
            jo.put("lastFailure", failure);
        }
        return jo;
    }
}
