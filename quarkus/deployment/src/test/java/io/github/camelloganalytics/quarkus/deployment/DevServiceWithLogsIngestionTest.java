package io.github.camelloganalytics.quarkus.deployment;

import java.util.logging.Level;

import io.quarkus.test.QuarkusUnitTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dev Service emulates the Data Collector API: an application set to logsIngestion gets no emulator it could not
 * use, and the log says why.
 */
class DevServiceWithLogsIngestionTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .overrideConfigKey("camel.component.loganalytics.api", "logsIngestion")
            .setLogRecordPredicate(record -> record.getLevel().intValue() >= Level.INFO.intValue()
                                             && record.getLoggerName().startsWith("io.github.camelloganalytics"))
            .assertLogRecords(records -> assertThat(records).anyMatch(record -> record.getMessage()
                    .startsWith("Dev Services for Log Analytics not started: they emulate the dataCollector API")));

    @Test
    void noEmulatorIsHandedToTheApplication() {
        assertThat(ConfigProvider.getConfig().getOptionalValue("camel.component.loganalytics.endpoint", String.class))
                .isEmpty();
    }
}
