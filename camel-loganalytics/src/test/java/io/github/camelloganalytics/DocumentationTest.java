package io.github.camelloganalytics;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user guide documents every option and header that the component JSON declares.
 */
class DocumentationTest {

    private static JsonNode componentJson() throws Exception {
        try (InputStream in = DocumentationTest.class.getResourceAsStream("/META-INF/io/github/camelloganalytics/loganalytics.json")) {
            assertThat(in).as("generated component JSON on the classpath").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    private static String adoc() throws Exception {
        return Files.readString(Path.of("../src/main/docs/loganalytics-component.adoc"), StandardCharsets.UTF_8);
    }

    @Test
    void everyOptionIsDocumented() throws Exception {
        JsonNode json = componentJson();
        String doc = adoc();
        List<String> missing = new ArrayList<>();
        for (String section : List.of("componentProperties", "properties")) {
            json.get(section).fieldNames().forEachRemaining(name -> {
                if (!doc.contains("| `" + name + "`")) {
                    missing.add(section + "." + name);
                }
            });
        }
        assertThat(json.get("properties").size()).isGreaterThan(20);
        assertThat(missing).as("options missing from the adoc's option tables").isEmpty();
    }

    @Test
    void everyHeaderIsDocumented() throws Exception {
        JsonNode json = componentJson();
        String doc = adoc();
        List<String> missing = new ArrayList<>();
        json.get("headers").fieldNames().forEachRemaining(name -> {
            if (!doc.contains("| `" + name + "`")) {
                missing.add(name);
            }
        });
        assertThat(json.get("headers").size()).isGreaterThanOrEqualTo(5);
        assertThat(missing).as("headers missing from the adoc's header table").isEmpty();
    }
}
