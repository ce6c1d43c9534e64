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
 * starts itself, standing in for a workspace.
 */
@QuarkusTest
@TestProfile(ExplicitEndpointTest.DevServiceOff.class)
class ExplicitEndpointTest {

    static final String WORKSPACE = "5e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b";
    static final String KEY = "ZXhwbGljaXQtZW5kcG9pbnQtdGVzdC1rZXktMDEyMzQ1Njc4OWFiY2RlZg==";

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
                emulator = LogAnalyticsEmulator.builder().workspace(WORKSPACE, KEY).start();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Map.of("camel.component.loganalytics.endpoint", emulator.endpoint(),
                    "camel.component.loganalytics.workspace-id", WORKSPACE,
                    "camel.component.loganalytics.shared-key", KEY);
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

    @ConfigProperty(name = "camel.component.loganalytics.workspace-id")
    String workspaceId;

    @Test
    void recordsGoToTheConfiguredEndpoint() throws Exception {
        assertThat(workspaceId).isEqualTo(WORKSPACE);

        Exchange result = template.request("direct:orders", e -> e.getMessage().setBody(Map.of("total", 7)));

        assertThat(result.getException()).isNull();
        JsonNode rows = EmulatorTables.table(endpoint, WORKSPACE, "Orders_CL").get("rows");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("total_d").asDouble()).isEqualTo(7.0);
    }
}
