package io.github.camelloganalytics.springboot;

import java.util.Map;

import io.github.camelloganalytics.LogAnalyticsComponent;
import io.github.camelloganalytics.LogAnalyticsConstants;
import io.github.camelloganalytics.emulator.LogAnalyticsEmulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot application that configures the component in application.properties only, as camel-main users do,
 * for the Logs Ingestion API.
 */
@SpringBootTest(classes = StarterTest.App.class)
class StarterTest {

    static final String WORKSPACE = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    static final String KEY = "q+8dG9ycy0wMTIzNDU2Nzg5/3Rlc3Qtd29ya3NwYWNlLWtleS1mb3Itc2lnbmF0dXJlLXZlY3Rv";
    static final String RULE = "dcr-000a00a000a00000a000000aa000a0aa";
    static final LogAnalyticsEmulator EMULATOR = startEmulator();

    static LogAnalyticsEmulator startEmulator() {
        try {
            LogAnalyticsEmulator emulator = LogAnalyticsEmulator.builder().port(0).workspace(WORKSPACE, KEY)
                    .dataCollectionRule(RULE, "Custom-Orders_CL", Map.of("total", "real", "paid", "boolean"))
                    .acceptToken("starter-test-token").start();
            System.setProperty("emulator.port", String.valueOf(emulator.port()));
            return emulator;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopEmulator() {
        EMULATOR.close();
    }

    @SpringBootApplication
    static class App {
        @Bean
        RouteBuilder routes() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:orders").to("loganalytics:Orders");
                }
            };
        }
    }

    @Autowired
    CamelContext context;

    @Autowired
    ProducerTemplate template;

    @Test
    void recordsShipWithTheComponentConfiguredFromApplicationProperties() {
        Exchange result = template.request("direct:orders", e -> e.getMessage().setBody(Map.of("total", 12.5, "paid", true)));

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getHeader(LogAnalyticsConstants.STATUS_CODE)).isEqualTo(204);
        assertThat(EMULATOR.workspace(WORKSPACE).table("Orders_CL").rows()).hasSize(1).first()
                .satisfies(row -> assertThat(row).containsEntry("total", 12.5).containsEntry("paid", true));
        LogAnalyticsComponent component = context.getComponent("loganalytics", LogAnalyticsComponent.class);
        assertThat(component.getConfiguration().getBatchTimeout()).as("50ms").isEqualTo(50);
        assertThat(component.getConfiguration().getDeliveryTimeout()).as("2m").isEqualTo(120_000);
        assertThat(component.getConfiguration().getMaxPendingBytes()).isEqualTo(8_388_608);
    }
}
