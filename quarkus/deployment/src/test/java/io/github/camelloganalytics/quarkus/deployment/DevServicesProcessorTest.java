package io.github.camelloganalytics.quarkus.deployment;

import java.util.List;

import io.quarkus.deployment.IsProduction;
import io.quarkus.deployment.annotations.BuildStep;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the Dev Service may start, as the build step declares it to Quarkus.
 */
class DevServicesProcessorTest {

    @Test
    void theEmulatorNeverStartsInProductionMode() throws Exception {
        BuildStep step = LogAnalyticsDevServicesProcessor.class
                .getDeclaredMethod("emulator", LogAnalyticsBuildTimeConfig.class).getAnnotation(BuildStep.class);

        assertThat(List.of(step.onlyIfNot())).contains(IsProduction.class);
    }
}
