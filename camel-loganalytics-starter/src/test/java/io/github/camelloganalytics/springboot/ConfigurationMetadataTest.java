package io.github.camelloganalytics.springboot;

import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata the starter ships names every option of the component, from the component's own JSON.
 */
class ConfigurationMetadataTest {

    @Test
    void everyComponentOptionHasIdeMetadata() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("metadata generated at build").isNotNull();
            metadata = json.readTree(in);
        }
        Set<String> names = new HashSet<>();
        metadata.get("properties").forEach(p -> names.add(p.get("name").asText()));
        JsonNode component;
        try (InputStream in = getClass().getResourceAsStream(ConfigurationMetadataGenerator.COMPONENT_JSON)) {
            component = json.readTree(in);
        }
        component.get("componentProperties").fieldNames().forEachRemaining(option -> assertThat(names)
                .contains("camel.component.loganalytics." + ConfigurationMetadataGenerator.kebab(option)));
        assertThat(names).contains("camel.component.loganalytics.shared-key", "camel.component.loganalytics.batch-timeout");
    }
}
