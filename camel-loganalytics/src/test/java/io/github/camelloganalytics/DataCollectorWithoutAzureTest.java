package io.github.camelloganalytics;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs with azure-core and azure-identity off the classpath (see the pom): dataCollector needs neither, nor does a
 * logsIngestion endpoint with a fixed token on loopback (the emulator); one that needs an identity fails to start with a
 * message that names the artifact to add.
 */
class DataCollectorWithoutAzureTest extends WireMockServiceSupport {

    @Test
    void azureArtifactsAreReallyAbsent() {
        assertThatThrownBy(() -> Class.forName("com.azure.core.credential.TokenCredential"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void dataCollectorWorksWithoutAzureArtifacts() {
        service.stubFor(post(urlPathEqualTo("/api/logs")).willReturn(ok()));
        // component-level options go through the generated configurers, which must not touch Azure types
        context.getComponent("loganalytics", LogAnalyticsComponent.class).getConfiguration().setBatchTimeout(10);

        Exchange result = template.request(uri("AppEvents", ""), e -> e.getMessage().setBody(Map.of("a", 1)));

        assertThat(result.getException()).isNull();
        assertThat(recordCount()).isEqualTo(1);
    }

    @Test
    void logsIngestionNamesTheMissingArtifact() {
        assertThatThrownBy(() -> {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:li").to("loganalytics:AppEvents?api=logsIngestion&endpoint=https://dce.example.com"
                                         + "&ruleId=dcr-00000000000000000000000000000000");
                }
            });
            template.sendBody("direct:li", Map.of("a", 1));
        }).hasStackTraceContaining("needs com.azure:azure-identity on the classpath");
    }

    @Test
    void logsIngestionWithAFixedTokenOnLoopbackNeedsNoAzureArtifact() throws Exception {
        try (var emulator = io.github.camelloganalytics.emulator.LogAnalyticsEmulator.builder()
                .dataCollectionRule("dcr-000a00a000a00000a000000aa000a0aa", "Custom-Orders_CL", Map.of("total", "real"))
                .acceptToken("emulator-token").start()) {
            Exchange result = template.request("loganalytics:Orders?endpoint=" + emulator.endpoint()
                                               + "&ruleId=dcr-000a00a000a00000a000000aa000a0aa&accessToken=emulator-token"
                                               + "&batchTimeout=10", e -> e.getMessage().setBody(Map.of("total", 5)));

            assertThat(result.getException()).isNull();
            assertThat(emulator.workspace(io.github.camelloganalytics.emulator.LogAnalyticsEmulator.DEFAULT_WORKSPACE)
                    .table("Orders_CL").rowCount()).isEqualTo(1);
        }
    }
}
