package io.github.camelloganalytics;

import io.github.camelloganalytics.api.LogAnalyticsApi;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How options become the engine's settings.
 */
class DeliveryAssemblyTest {

    static LogAnalyticsConfiguration configuration(DeliveryMode mode) {
        LogAnalyticsConfiguration c = new LogAnalyticsConfiguration();
        c.setLogType("AppEvents");
        c.setBatchTimeout(1500);
        c.setDeliveryMode(mode);
        c.setApi(LogAnalyticsApi.dataCollector);
        return c;
    }

    @Test
    void anAcknowledgedBatchLeavesOnceIdleForAFifthOfBatchTimeout() {
        assertThat(new DeliveryAssembly(configuration(DeliveryMode.acknowledged)).engineSettings().batchIdleMillis())
                .isEqualTo(300);
    }

    @Test
    void aQueuedBatchWaitsTheWholeBatchTimeoutSinceNobodyWaitsForIt() {
        assertThat(new DeliveryAssembly(configuration(DeliveryMode.queued)).engineSettings().batchIdleMillis())
                .isEqualTo(1500);
    }

    @Test
    void successIsTheApisOwnStatus() {
        LogAnalyticsConfiguration c = configuration(DeliveryMode.acknowledged);
        assertThat(new DeliveryAssembly(c).engineSettings().successStatus()).isEqualTo(200);
        c.setApi(LogAnalyticsApi.logsIngestion);
        assertThat(new DeliveryAssembly(c).engineSettings().successStatus()).isEqualTo(204);
        assertThat(new DeliveryAssembly(c).engineSettings().batchMaxBytes()).isEqualTo(1024 * 1024);
    }
}
