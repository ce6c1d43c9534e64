package io.github.camelloganalytics.kamelets;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parameter table of the Camel K and JBang page is rendered from the Kamelet file, between markers, so it says what
 * the Kamelet says: every parameter, whether it is required, its default, whether it is a secret. Run with
 * {@code -Dloganalytics.docs.update=true} to write it. The Kamelet names this build's coordinates.
 */
class KameletDocumentationTest {

    static final Path PAGE = Path.of("../src/main/docs/camel-k-and-jbang.adoc");

    @SuppressWarnings("unchecked")
    static Map<String, Object> kamelet() throws Exception {
        try (InputStream in = KameletDocumentationTest.class.getResourceAsStream("/kamelets/loganalytics-sink.kamelet.yaml")) {
            assertThat(in).as("the Kamelet on the class path").isNotNull();
            return (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theParameterTableIsTheKameletRendered() throws Exception {
        Map<String, Object> definition = (Map<String, Object>) ((Map<String, Object>) kamelet().get("spec")).get("definition");
        List<String> required = (List<String>) definition.get("required");
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) definition.get("properties");
        StringBuilder table = new StringBuilder("[width=\"100%\",cols=\"2,1,1,1,6\",options=\"header\"]\n|===\n"
                                                + "| Parameter | Required | Default | Secret | Description\n");
        properties.forEach((name, property) -> table.append("| `").append(name).append("` | ")
                .append(required.contains(name) ? "yes" : "").append(" | ")
                .append(String.valueOf(property.getOrDefault("default", ""))).append(" | ")
                .append("password".equals(property.get("format")) ? "yes" : "").append(" | ")
                .append(String.valueOf(property.get("description")).strip().replace("|", "\\|")).append('\n'));
        table.append("|===\n");

        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        String start = "// kamelet parameters: START\n";
        String end = "// kamelet parameters: END";
        int from = page.indexOf(start);
        int to = page.indexOf(end);
        assertThat(from).as("the START marker").isNotNegative();
        assertThat(to).as("the END marker").isGreaterThan(from);
        String rendered = page.substring(0, from + start.length()) + table + page.substring(to);
        if (Boolean.getBoolean("loganalytics.docs.update") && !rendered.equals(page)) {
            Files.writeString(PAGE, rendered, StandardCharsets.UTF_8);
            page = rendered;
        }
        assertThat(page).as("the page's parameter table, as rendered from the Kamelet (run with"
                            + " -Dloganalytics.docs.update=true to write it)").isEqualTo(rendered);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyParameterReachesTheComponentOnlyWhenSet() throws Exception {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/kamelets/loganalytics-sink.kamelet.yaml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Object> spec = (Map<String, Object>) kamelet().get("spec");
        Map<String, Object> properties = (Map<String, Object>) ((Map<String, Object>) spec.get("definition")).get("properties");
        for (String name : properties.keySet()) {
            if (!name.equals("logType")) {
                assertThat(text).as("%s is passed when set, and only then", name).contains(name + ": \"{{?" + name + "}}\"");
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theKameletNamesThisBuildsCoordinatesAndTheAzureIdentityTheBomManages() throws Exception {
        Map<String, Object> kamelet = kamelet();
        List<String> dependencies = (List<String>) ((Map<String, Object>) kamelet.get("spec")).get("dependencies");
        String version = System.getProperty("project.version");
        assertThat(version).as("the build's version, given to the test").isNotBlank();
        Properties identity = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/maven/com.azure/azure-identity/pom.properties")) {
            identity.load(in);
        }
        assertThat(dependencies).contains("mvn:io.github.camelloganalytics:camel-loganalytics:" + version,
                "mvn:com.azure:azure-identity:" + identity.getProperty("version"));
        assertThat(((Map<String, Object>) kamelet.get("metadata")).get("annotations").toString())
                .contains("camel.apache.org/catalog.version=" + version);
    }
}
