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
 * Runs with azure-core and azure-identity off the classpath (see the pom): dataCollector needs neither, and a
 * logsIngestion endpoint fails to start with a message that names the artifact to add.
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
}
