package io.github.camelloganalytics.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes Spring Boot's configuration metadata ({@code META-INF/spring-configuration-metadata.json}) from the component
 * JSON that camel-package-maven-plugin generates, so IDEs complete and document every option and the metadata can
 * never drift from the component. Runs when the starter is built.
 */
public final class ConfigurationMetadataGenerator {

    static final String COMPONENT_JSON = "/META-INF/io/github/camelloganalytics/loganalytics.json";

    private ConfigurationMetadataGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Files.createDirectories(out.getParent());
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.write(out, json.writeValueAsBytes(metadata(json)));
    }

    static Map<String, Object> metadata(ObjectMapper json) throws IOException {
        JsonNode component;
        try (InputStream in = ConfigurationMetadataGenerator.class.getResourceAsStream(COMPONENT_JSON)) {
            if (in == null) {
                throw new IllegalStateException(COMPONENT_JSON + " is not on the class path");
            }
            component = json.readTree(in);
        }
        List<Map<String, Object>> properties = new ArrayList<>();
        properties.add(property("camel.component.loganalytics.enabled", "java.lang.Boolean",
                "Whether to configure the loganalytics component from these properties; false leaves it with its defaults.",
                true));
        properties.add(property("camel.component.loganalytics.customizer.enabled", "java.lang.Boolean",
                "Whether the starter applies camel.component.loganalytics.* to the component.", true));
        component.get("componentProperties").fields().forEachRemaining(entry -> {
            JsonNode option = entry.getValue();
            String name = "camel.component.loganalytics." + kebab(entry.getKey());
            Object defaultValue = option.has("defaultValue") ? option.get("defaultValue").asText() : null;
            Map<String, Object> property = property(name, javaType(option), option.path("description").asText(), defaultValue);
            if (option.path("deprecated").asBoolean(false)) {
                property.put("deprecated", true);
            }
            properties.add(property);
        });
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", "camel.component.loganalytics");
        group.put("type", "io.github.camelloganalytics.LogAnalyticsComponent");
        group.put("description", component.path("component").path("description").asText());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("groups", List.of(group));
        metadata.put("properties", properties);
        return metadata;
    }

    private static Map<String, Object> property(String name, String type, String description, Object defaultValue) {
        Map<String, Object> property = new LinkedHashMap<>();
        property.put("name", name);
        property.put("type", type);
        property.put("description", description);
        property.put("sourceType", "io.github.camelloganalytics.LogAnalyticsComponent");
        if (defaultValue != null) {
            property.put("defaultValue", defaultValue);
        }
        return property;
    }

    /** Durations are set as text ({@code 2s}, {@code 500ms}); everything else as its Java type. */
    private static String javaType(JsonNode option) {
        if ("duration".equals(option.path("type").asText())) {
            return "java.lang.String";
        }
        String type = option.path("javaType").asText("java.lang.String");
        return switch (type) {
            case "int" -> "java.lang.Integer";
            case "long" -> "java.lang.Long";
            case "boolean" -> "java.lang.Boolean";
            default -> type;
        };
    }

    static String kebab(String camel) {
        StringBuilder sb = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('-').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
