package io.github.camelloganalytics.quarkus.deployment;

import io.quarkus.test.QuarkusUnitTest;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asked for the Data Collector API, the Dev Service emulates a workspace and hands the application its id and key
 * instead of a rule and a token.
 */
class DevServiceForDataCollectorTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .overrideConfigKey("quarkus.camel.loganalytics.devservices.api", "dataCollector");

    @Test
    void theApplicationGetsAWorkspaceAndItsKey() {
        Config config = ConfigProvider.getConfig();
        assertThat(config.getValue("camel.component.loganalytics.endpoint", String.class)).startsWith("http://127.0.0.1:");
        assertThat(config.getValue("camel.component.loganalytics.workspace-id", String.class))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(config.getOptionalValue("camel.component.loganalytics.shared-key", String.class)).isPresent();
        assertThat(config.getOptionalValue("camel.component.loganalytics.rule-id", String.class)).isEmpty();
    }
}
