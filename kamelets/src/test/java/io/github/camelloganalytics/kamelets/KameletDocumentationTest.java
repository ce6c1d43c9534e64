package io.github.camelloganalytics.kamelets;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parameter table of the Camel K and JBang page says what the Kamelet file says: every parameter, whether it is
 * required, its default, and whether it is a secret.
 */
class KameletDocumentationTest {

    @Test
    @SuppressWarnings("unchecked")
    void theParameterTableMatchesTheKamelet() throws Exception {
        Map<String, Object> kamelet;
        try (InputStream in = getClass().getResourceAsStream("/kamelets/loganalytics-sink.kamelet.yaml")) {
            assertThat(in).as("the Kamelet on the class path").isNotNull();
            kamelet = (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Map<String, Object> definition = (Map<String, Object>) ((Map<String, Object>) kamelet.get("spec")).get("definition");
        List<String> required = (List<String>) definition.get("required");
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) definition.get("properties");

        Map<String, String> documented = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("../src/main/docs/camel-k-and-jbang.adoc"), StandardCharsets.UTF_8)) {
            if (line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                documented.put(cells[1].strip().replace("`", ""), line);
            }
        }

        assertThat(documented.keySet()).containsExactlyElementsOf(properties.keySet());
        properties.forEach((name, property) -> {
            String[] cells = documented.get(name).split("\\|");
            assertThat(cells[2].strip()).as("%s required", name).isEqualTo(required.contains(name) ? "yes" : "");
            assertThat(cells[3].strip()).as("%s default", name).isEqualTo(String.valueOf(property.getOrDefault("default", "")));
            assertThat(cells[4].strip()).as("%s secret", name).isEqualTo("password".equals(property.get("format")) ? "yes" : "");
            assertThat(cells[5].strip()).as("%s description", name).isEqualTo(String.valueOf(property.get("description")).strip());
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyParameterReachesTheComponentOnlyWhenSet() throws Exception {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/kamelets/loganalytics-sink.kamelet.yaml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Object> kamelet = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
        Map<String, Object> spec = (Map<String, Object>) kamelet.get("spec");
        Map<String, Object> properties = (Map<String, Object>) ((Map<String, Object>) spec.get("definition")).get("properties");
        for (String name : properties.keySet()) {
            if (!name.equals("logType")) {
                assertThat(text).as("%s is passed when set, and only then", name).contains(name + ": \"{{?" + name + "}}\"");
            }
        }
        assertThat((List<String>) spec.get("dependencies")).contains("mvn:io.github.camelloganalytics:camel-loganalytics:0.1.0-SNAPSHOT");
    }
}
