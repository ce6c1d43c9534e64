package io.github.camelloganalytics.quarkus.deployment;

import java.text.MessageFormat;
import java.util.List;
import java.util.logging.LogRecord;

import io.github.camelloganalytics.DeliveryMode;
import io.github.camelloganalytics.LogAnalyticsComponent;
import io.github.camelloganalytics.LogAnalyticsEndpoint;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The extension's wiring: the feature is installed, the component resolves, {@code camel.component.loganalytics.*}
 * from application.properties reaches it, a configured target keeps the Dev Service off, and the key never reaches the
 * log.
 */
class LogAnalyticsExtensionTest {

    static final String KEY = "d2lyaW5nLXRlc3Qta2V5LXRoYXQtbXVzdC1uZXZlci1iZS1sb2dnZWQtMDEyMw==";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(Routes.class).addAsResource("wiring.properties", "application.properties"))
            .setLogRecordPredicate(record -> true)
            .assertLogRecords(LogAnalyticsExtensionTest::checkLog);

    /** A route, so that the endpoint and its producer are created and started. */
    public static class Routes extends RouteBuilder {
        @Override
        public void configure() {
            from("direct:ship").routeId("ship").to("loganalytics:Wiring");
        }
    }

    @Inject
    CamelContext context;

    @Test
    void theComponentResolvesWithTheApplicationsConfiguration() {
        LogAnalyticsComponent component = context.getComponent("loganalytics", LogAnalyticsComponent.class);

        assertThat(component.getConfiguration().getWorkspaceId()).isEqualTo("3f6e1c2a-7b8d-4e9f-a0b1-c2d3e4f5a6b7");
        assertThat(component.getConfiguration().getEndpoint()).isEqualTo("http://127.0.0.1:9");
        assertThat(component.getConfiguration().getBatchTimeout()).isEqualTo(250);
        assertThat(component.getConfiguration().getDeliveryMode()).isEqualTo(DeliveryMode.queued);
    }

    @Test
    void routesGetEndpointsWithTheComponentsDefaults() {
        LogAnalyticsEndpoint endpoint = context.getEndpoint("loganalytics:Wiring", LogAnalyticsEndpoint.class);

        assertThat(endpoint.getConfiguration().getDeliveryMode()).isEqualTo(DeliveryMode.queued);
        assertThat(context.getRouteController().getRouteStatus("ship").isStarted()).isTrue();
    }

    static void checkLog(List<LogRecord> records) {
        List<String> lines = records.stream().map(LogAnalyticsExtensionTest::format).toList();
        assertThat(lines).anyMatch(line -> line.startsWith("Installed features") && line.contains("camel-loganalytics"));
        assertThat(lines).as("the configured endpoint keeps the Dev Service off")
                .noneMatch(line -> line.contains("Dev Services for Log Analytics started"));
        assertThat(lines).as("the key is never logged").noneMatch(line -> line.contains(KEY));
    }

    private static String format(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            return ext.getFormattedMessage();
        }
        return record.getParameters() == null ? record.getMessage()
                : MessageFormat.format(record.getMessage(), record.getParameters());
    }
}
