package io.github.camelloganalytics.quarkus.it;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelloganalytics.emulator.LogAnalyticsEmulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the Dev Service switched off, the component ships where the configuration says: here an emulator this test
 * starts itself, standing in for a data collection rule, reached with a fixed token as loopback endpoints allow.
 */
@QuarkusTest
@TestProfile(ExplicitEndpointTest.DevServiceOff.class)
class ExplicitEndpointTest {

    static final String RULE = "dcr-5e1f2a3b4c5d4e6f8a7b9c0d1e2f3a4b";
    static final String TOKEN = "explicit-endpoint-test-token";

    /** The Dev Service off, and the endpoint of an emulator started for this profile. */
    public static class DevServiceOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.camel.loganalytics.devservices.enabled", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ExplicitEmulator.class));
        }
    }

    /** An emulator that is not the Dev Service's. */
    public static class ExplicitEmulator implements QuarkusTestResourceLifecycleManager {
        private LogAnalyticsEmulator emulator;

        @Override
        public Map<String, String> start() {
            try {
                emulator = LogAnalyticsEmulator.builder()
                        .dataCollectionRule(RULE, "Custom-Orders_CL", Map.of("total", "real"))
                        .dataCollectionRule(RULE, "Custom-Events_CL", Map.of("TimeGenerated", "datetime", "level", "string"))
                        .acceptToken(TOKEN).start();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Map.of("camel.component.loganalytics.endpoint", emulator.endpoint(),
                    "camel.component.loganalytics.rule-id", RULE,
                    "camel.component.loganalytics.access-token", TOKEN);
        }

        @Override
        public void stop() {
            if (emulator != null) {
                emulator.close();
            }
        }
    }

    @Inject
    ProducerTemplate template;

    @ConfigProperty(name = "camel.component.loganalytics.endpoint")
    String endpoint;

    @ConfigProperty(name = "camel.component.loganalytics.rule-id")
    String ruleId;

    @Test
    void recordsGoToTheConfiguredEndpoint() throws Exception {
        assertThat(ruleId).isEqualTo(RULE);

        Exchange result = template.request("direct:orders", e -> e.getMessage().setBody(Map.of("total", 7)));

        assertThat(result.getException()).isNull();
        JsonNode rows = EmulatorTables.table(endpoint, LogAnalyticsEmulator.DEFAULT_WORKSPACE, "Orders_CL").get("rows");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("total").asDouble()).isEqualTo(7.0);
    }
}
