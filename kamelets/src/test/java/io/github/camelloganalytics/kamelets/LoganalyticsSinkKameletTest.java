package io.github.camelloganalytics.kamelets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import io.github.camelloganalytics.emulator.EmulatorClock;
import io.github.camelloganalytics.emulator.LogAnalyticsEmulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The loganalytics-sink Kamelet as Camel K and camel run use it: found on the class path by name, from a route and
 * bound by Pipes, with the key as a value, a placeholder or a file, and for the Logs Ingestion API.
 */
class LoganalyticsSinkKameletTest {

    static final String WS = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    /** Holds '+' and '/' so that any URI decoding on the way shows. */
    static final String KEY = "q+8dG9ycy0wMTIzNDU2Nzg5/3Rlc3Qtd29ya3NwYWNlLWtleS1mb3Itc2lnbmF0dXJlLXZlY3Rv";
    static final String RULE = "dcr-000a00a000a00000a000000aa000a0aa";
    static final String TOKEN = "kamelet-test-token";

    @RegisterExtension
    static LogAnalyticsEmulatorExtension logAnalytics = LogAnalyticsEmulatorExtension.withWorkspace(WS, KEY)
            .andDataCollectionRule(RULE, "Custom-LiOrders_CL", Map.of("total", "real", "orderId", "string"))
            .andToken(TOKEN);

    @TempDir
    Path dir;

    Main main;

    Main main(Map<String, String> properties) {
        main = new Main();
        main.addInitialProperty("la.workspace-id", WS);
        main.addInitialProperty("la.shared-key", KEY);
        main.addInitialProperty("la.endpoint", logAnalytics.endpoint());
        properties.forEach(main::addInitialProperty);
        return main;
    }

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
    }

    private static Exchange send(Main main, String uri, Object body) {
        ProducerTemplate template = main.getCamelContext().createProducerTemplate();
        return template.request(uri, e -> e.getMessage().setBody(body));
    }

    @Test
    void aRouteSendsThroughTheKameletFoundOnTheClassPath() throws Exception {
        Main main = main(Map.of());
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:orders").to("kamelet:loganalytics-sink?logType=KameletOrders&workspaceId={{la.workspace-id}}"
                                         + "&sharedKey={{la.shared-key}}&endpoint={{la.endpoint}}&batchTimeout=20ms");
            }
        });
        main.start();

        Exchange result = send(main, "direct:orders", List.of(Map.of("total", 12.5), Map.of("total", 3.0)));

        assertThat(result.getException()).isNull();
        assertThat(logAnalytics.rows("KameletOrders_CL")).hasSize(2);
        assertThat(logAnalytics.columns("KameletOrders_CL")).containsEntry("total_d", "real");
    }

    @Test
    void aPipeBindsASourceToTheSink() throws Exception {
        Main main = main(Map.of());
        main.configure().withRoutesIncludePattern("classpath:pipes/orders.pipe.yaml");
        main.start();

        Exchange result = send(main, "direct:pipe-orders", "{\"orderId\":\"o-1\",\"total\":7.25}");

        assertThat(result.getException()).isNull();
        assertThat(logAnalytics.rows("PipeOrders_CL")).hasSize(1);
    }

    @Test
    void kameletPropertiesCanComeFromConfigurationAsTheWorkaroundForPipeEncoding() throws Exception {
        Main main = main(Map.of(
                "camel.kamelet.loganalytics-sink.workspaceId", WS,
                "camel.kamelet.loganalytics-sink.sharedKey", KEY,
                "camel.kamelet.loganalytics-sink.endpoint", logAnalytics.endpoint(),
                "camel.kamelet.loganalytics-sink.batchTimeout", "20ms"));
        main.configure().withRoutesIncludePattern("classpath:pipes/orders-workaround.pipe.yaml");
        main.start();

        Exchange result = send(main, "direct:pipe-workaround", Map.of("total", 1.5));

        assertThat(result.getException()).isNull();
        assertThat(logAnalytics.rows("WorkaroundOrders_CL")).hasSize(1);
    }

    @Test
    void theKeyCanComeFromAFileAsFromAMountedSecret() throws Exception {
        Path keyFile = dir.resolve("shared-key");
        Files.writeString(keyFile, KEY);
        Main main = main(Map.of("la.key-file", keyFile.toString()));
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:file").to("kamelet:loganalytics-sink?logType=FileKeyOrders&workspaceId={{la.workspace-id}}"
                                       + "&sharedKeyFile={{la.key-file}}&endpoint={{la.endpoint}}&batchTimeout=20ms");
            }
        });
        main.start();

        assertThat(send(main, "direct:file", Map.of("total", 2.0)).getException()).isNull();
        assertThat(logAnalytics.rows("FileKeyOrders_CL")).hasSize(1);
    }

    @Test
    void theLogsIngestionApiWithAnAccessTokenOnLoopbackNeedsNoJava() throws Exception {
        Main main = main(Map.of("la.rule-id", RULE, "la.token", TOKEN));
        main.configure().withRoutesIncludePattern("classpath:pipes/li-orders.pipe.yaml");
        main.start();

        assertThat(send(main, "direct:li-pipe", "{\"orderId\":\"o-9\",\"total\":4.5}").getException()).isNull();
        assertThat(logAnalytics.rows("LiOrders_CL")).hasSize(1).first().satisfies(row -> assertThat(row)
                .containsEntry("orderId", "o-9").containsEntry("total", 4.5));
    }

    @Test
    void theLogsIngestionApiWithATokenCredentialBeanFoundByType() throws Exception {
        Main main = main(Map.of());
        TokenCredential credential = request -> Mono.just(new AccessToken(TOKEN,
                EmulatorClock.now().atOffset(java.time.ZoneOffset.UTC).plusHours(1)));
        main.bind("emulatorToken", credential);
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:li").to("kamelet:loganalytics-sink?logType=LiOrders&endpoint={{la.endpoint}}"
                                     + "&ruleId=" + RULE + "&credentialType=TOKEN_CREDENTIAL&batchTimeout=20ms");
            }
        });
        main.start();

        assertThat(send(main, "direct:li", Map.of("orderId", "o-9", "total", 4.5)).getException()).isNull();
        assertThat(logAnalytics.rows("LiOrders_CL")).hasSize(1);
    }

    @Test
    void aStreamTheRuleDoesNotDeclareFailsTheStartWithTheFix() {
        Main main = main(Map.of("la.rule-id", RULE, "la.token", TOKEN));
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:unknown").to("kamelet:loganalytics-sink?logType=Unknown&endpoint={{la.endpoint}}"
                                          + "&ruleId={{la.rule-id}}&accessToken={{la.token}}");
            }
        });

        assertThatThrownBy(main::start).hasStackTraceContaining("HTTP 404 (InvalidStream")
                .hasStackTraceContaining("Custom- prefix included");
    }
}
