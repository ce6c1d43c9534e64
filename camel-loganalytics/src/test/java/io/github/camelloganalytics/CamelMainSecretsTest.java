package io.github.camelloganalytics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys written where users write them stay out of Camel's own output, in the forms and at the levels the user guide
 * promises (section Security): the component registers its secret option names with Camel before anything is
 * printed. What only Camel core prints (some DEBUG lines, route dumps of literal values) is documented, not hidden.
 */
class CamelMainSecretsTest extends WireMockServiceSupport {

    @TempDir
    Path dir;

    private static void assertNoKey(String output) {
        for (String key : List.of(KEY, SECONDARY_KEY)) {
            assertThat(output).doesNotContain(key, key.substring(0, 20), key.replace('+', ' '));
        }
    }

    private Main main(String routes, Map<String, String> properties) throws Exception {
        service.stubFor(post(urlPathEqualTo("/api/logs")).willReturn(ok()));
        Path file = dir.resolve("secrets.camel.yaml");
        Files.writeString(file, routes);
        Main main = new Main();
        main.configure().withRoutesIncludePattern("file:" + file.toAbsolutePath());
        main.addInitialProperty("camel.component.loganalytics.workspace-id", WORKSPACE);
        main.addInitialProperty("camel.component.loganalytics.endpoint", "http://localhost:" + service.getPort());
        properties.forEach(main::addInitialProperty);
        return main;
    }

    private static void run(Main main, String... routes) throws Exception {
        main.start();
        try {
            ProducerTemplate producer = main.getCamelContext().createProducerTemplate();
            for (String route : routes) {
                Exchange result = producer.request(route, e -> e.getMessage().setBody(Map.of("a", 1)));
                assertThat(result.getException()).isNull();
            }
        } finally {
            main.stop();
        }
    }

    static String route(String id, String from, String parameters) {
        return """
                - route:
                    id: %s
                    from:
                      uri: %s
                      steps:
                        - to:
                            uri: loganalytics:%s
                            parameters:
                              batchTimeout: 20ms
                %s
                """.formatted(id, from, id, parameters.indent(14).stripTrailing());
    }

    @Test
    void literalKeysInPropertiesAndRoutesAndPlaceholdersNeverShowAtInfo() throws Exception {
        String routes = route("Literal", "direct:literal", "sharedKey: \"" + KEY + "\"")
                        + route("Placeholder", "direct:placeholder",
                                "sharedKey: \"{{la.shared-key}}\"\nsecondarySharedKey: \"{{la.secondary-shared-key}}\"");
        Main main = main(routes, Map.of(
                "camel.component.loganalytics.shared-key", KEY,
                "camel.component.loganalytics.secondary-shared-key", SECONDARY_KEY,
                "la.shared-key", KEY,
                "la.secondary-shared-key", SECONDARY_KEY));
        try (LogCapture logs = new LogCapture(Level.INFO, "org.apache.camel", "io.github.camelloganalytics")) {
            run(main, "direct:literal", "direct:placeholder");

            assertThat(logs.all()).as("the placeholder summary lists the properties, masked")
                    .contains("la.shared-key = xxxxxx", "la.secondary-shared-key = xxxxxx");
            assertNoKey(logs.all());
        }
    }

    @Test
    void aKeyFileKeepsTheKeyOutOfCamelAtEveryLevel() throws Exception {
        Path keyFile = dir.resolve("key");
        Files.writeString(keyFile, KEY);
        Main main = main(route("FromFile", "direct:file", "sharedKeyFile: \"" + keyFile + "\""),
                Map.of("camel.main.dump-routes", "yaml"));
        try (LogCapture logs = new LogCapture(Level.TRACE, "org.apache.camel", "io.github.camelloganalytics")) {
            run(main, "direct:file");

            assertThat(logs.all()).contains("loganalytics:FromFile");
            assertNoKey(logs.all());
        }
    }

    @Test
    void routeDumpsShowPlaceholdersNotKeysWhenTheyAreNotResolved() throws Exception {
        Main main = main(route("Dumped", "direct:dumped", "sharedKey: \"{{la.shared-key}}\""), Map.of(
                "la.shared-key", KEY,
                "camel.main.dump-routes", "yaml",
                "camel.main.dump-routes-resolve-placeholders", "false"));
        try (LogCapture logs = new LogCapture(Level.INFO, "org.apache.camel", "io.github.camelloganalytics")) {
            run(main, "direct:dumped");

            assertThat(logs.all()).contains("sharedKey=RAW({{la.shared-key}})");
            assertNoKey(logs.all());
        }
    }

    @Test
    void thePropertiesDevConsoleMasksTheComponentsSecretsInEverySpelling() throws Exception {
        Main main = main(route("Console", "direct:console", ""), Map.of(
                "camel.component.loganalytics.shared-key", KEY,
                "camel.component.loganalytics.secondarySharedKey", SECONDARY_KEY,
                "la.shared-key", KEY,
                "camel.main.dev-console-enabled", "true"));
        main.start();
        try {
            var registry = main.getCamelContext().getCamelContextExtension()
                    .getContextPlugin(org.apache.camel.console.DevConsoleRegistry.class);
            var console = registry.resolveById("properties");
            String text = (String) console.call(org.apache.camel.console.DevConsole.MediaType.TEXT);
            String json = console.call(org.apache.camel.console.DevConsole.MediaType.JSON).toString();

            assertThat(text).contains("camel.component.loganalytics.shared-key = xxxxxx",
                    "camel.component.loganalytics.secondarySharedKey = xxxxxx", "la.shared-key = xxxxxx")
                    .as("what is not secret still shows").contains("camel.component.loganalytics.workspace-id = " + WORKSPACE);
            assertNoKey(text);
            assertThat(json).contains("camel.component.loganalytics.shared-key");
            assertNoKey(json);
        } finally {
            main.stop();
        }
    }
}
