package io.github.camelloganalytics.springboot;

import io.github.camelloganalytics.LogAnalyticsComponent;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code camel.component.loganalytics.enabled=false} leaves the component as it is, whatever else the properties say,
 * as Camel's own starters do.
 */
@SpringBootTest(classes = DisabledConfigurationTest.App.class, properties = "camel.component.loganalytics.enabled=false")
class DisabledConfigurationTest {

    @SpringBootApplication
    static class App {
    }

    @Autowired
    CamelContext context;

    @Test
    void theComponentKeepsItsDefaults() {
        LogAnalyticsComponent component = context.getComponent("loganalytics", LogAnalyticsComponent.class);
        assertThat(component.getConfiguration().getBatchTimeout()).as("batch-timeout = 50ms is not applied").isEqualTo(100);
        assertThat(component.getConfiguration().getRuleId()).isNull();
    }
}
