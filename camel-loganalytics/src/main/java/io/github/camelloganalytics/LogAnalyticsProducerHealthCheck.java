package io.github.camelloganalytics;

import java.util.Map;

import io.github.camelloganalytics.batch.DeliveryFailure;
import io.github.camelloganalytics.delivery.DeliveryStatistics;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness of a Log Analytics endpoint's producers, from what the service last said: DOWN while the most recently
 * settled batch failed (a refused key, a missing role, an outage past the retries), UP once a batch is accepted again.
 * Passive: it sends nothing itself. Enable producer checks with {@code camel.health.producersEnabled=true}.
 */
public class LogAnalyticsProducerHealthCheck implements HealthCheck {

    private final LogAnalyticsEndpoint endpoint;
    private final String id;
    private volatile boolean enabled = true;

    public LogAnalyticsProducerHealthCheck(LogAnalyticsEndpoint endpoint, String id) {
        this.endpoint = endpoint;
        this.id = "producer:loganalytics-" + id;
    }

    @Override
    public String getGroup() {
        return "camel";
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Restarting the application does not mend the service, so this check is about readiness only. */
    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public Result call(Map<String, Object> options) {
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this);
        builder.detail(HealthCheck.ENDPOINT_URI, endpoint.getEndpointUri());
        if (endpoint.runningProducers() == 0) {
            return builder.message("No producer is running").down().build();
        }
        DeliveryStatistics.Snapshot stats = endpoint.statistics().snapshot();
        builder.detail("records.accepted", stats.recordsAccepted())
                .detail("records.failed", stats.recordsFailed())
                .detail("pending.bytes", stats.pendingBytes());
        DeliveryFailure failure = stats.lastFailure();
        if (stats.lastBatchFailed() && failure != null) {
            if (failure.statusCode() > 0) {
                builder.detail(HealthCheck.HTTP_RESPONSE_CODE, failure.statusCode());
            }
            if (failure.errorCode() != null) {
                builder.detail("error.code", failure.errorCode());
            }
            return builder.message("The last batch was not delivered: " + failure.reason()).down().build();
        }
        return builder.up().build();
    }
}
