package io.github.camelloganalytics;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user guide's option and header tables are generated from the component JSON, between markers, as Camel's own
 * component pages are: this test renders them and fails when the guide differs, so the tables cannot drift. Run it with
 * {@code -Dloganalytics.docs.update=true} to write the tables into the guide.
 */
class DocumentationTest {

    static final Path GUIDE = Path.of("../src/main/docs/loganalytics-component.adoc");
    static final boolean UPDATE = Boolean.getBoolean("loganalytics.docs.update");

    private static JsonNode componentJson() throws Exception {
        try (InputStream in = DocumentationTest.class.getResourceAsStream("/META-INF/io/github/camelloganalytics/loganalytics.json")) {
            assertThat(in).as("generated component JSON on the classpath").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void theOptionAndHeaderTablesAreTheComponentJsonRendered() throws Exception {
        JsonNode json = componentJson();
        Map<String, String> tables = Map.of(
                "component options", table(json.get("componentProperties"), false),
                "endpoint options", table(json.get("properties"), false),
                "component headers", table(json.get("headers"), true));
        String guide = Files.readString(GUIDE, StandardCharsets.UTF_8);
        String rendered = guide;
        for (Map.Entry<String, String> table : tables.entrySet()) {
            rendered = replaceBetweenMarkers(rendered, table.getKey(), table.getValue());
        }
        if (UPDATE && !rendered.equals(guide)) {
            Files.writeString(GUIDE, rendered, StandardCharsets.UTF_8);
            guide = rendered;
        }
        assertThat(guide).as("the guide's tables, as rendered from the component JSON (run this test with"
                             + " -Dloganalytics.docs.update=true to write them)").isEqualTo(rendered);
    }

    @Test
    void theCatalogKeepsWhatItsJavadocSays() throws Exception {
        JsonNode json = componentJson();
        assertThat(json.at("/properties/logType/description").asText()).contains("{logType}_CL");
        assertThat(json.at("/properties/streamName/description").asText()).contains("Custom-{logType}_CL");
        assertThat(json.at("/headers/CamelLogAnalyticsLogType/description").asText()).contains("{logType}_CL");
        assertThat(json.at("/properties/proxyPort/defaultValue").asText()).isEqualTo("80");
        assertThat(json.at("/properties/tokenCredential/javaType").asText())
                .isEqualTo("com.azure.core.credential.TokenCredential");
        for (String section : List.of("componentProperties", "properties", "headers")) {
            json.get(section).fields().forEachRemaining(option -> assertThat(option.getValue().get("description")
                    .asText()).as(section + "." + option.getKey()).isNotBlank().doesNotContain("table _CL", "Custom-_CL"));
        }
    }

    static String replaceBetweenMarkers(String text, String name, String content) {
        String start = "// " + name + ": START\n";
        String end = "// " + name + ": END";
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        assertThat(from).as("marker '" + start.strip() + "' in the guide").isNotNegative();
        assertThat(to).as("marker '" + end + "' after its START").isGreaterThan(from);
        return text.substring(0, from + start.length()) + content + text.substring(to);
    }

    /** An AsciiDoc table of the options or headers, in the catalog's order. */
    static String table(JsonNode options, boolean headers) {
        StringBuilder out = new StringBuilder();
        out.append("[width=\"100%\",cols=\"2,5,^1,2\",options=\"header\"]\n|===\n| Name | Description | Default | Type\n");
        List<String> rows = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode option = entry.getValue();
            StringBuilder row = new StringBuilder("| *").append(entry.getKey()).append("* (")
                    .append(option.path("group").asText("common")).append(")");
            if (headers) {
                String constant = option.path("constantName").asText();
                row.append(" +\nConstant: `").append(constant.substring(constant.indexOf('#') + 1)).append('`');
            }
            StringBuilder description = new StringBuilder(option.path("description").asText());
            if (option.has("enum")) {
                List<String> values = new ArrayList<>();
                option.get("enum").forEach(v -> values.add("`" + v.asText() + "`"));
                description.append(" Values: ").append(String.join(", ", values)).append('.');
            }
            if (option.path("type").asText().equals("duration")) {
                description.append(" A duration: milliseconds, or with a unit such as `500ms`, `2s`, `1m`.");
            }
            if (option.path("secret").asBoolean()) {
                description.append(" Secret: masked in URIs, logs and consoles.");
            }
            if (option.path("required").asBoolean()) {
                description.append(" Required.");
            }
            row.append(" | ").append(escape(description.toString()))
                    .append(" | ").append(escape(option.path("defaultValue").asText("")))
                    .append(" | ").append(typeOf(option)).append('\n');
            rows.add(row.toString());
        }
        rows.forEach(out::append);
        return out.append("|===\n").toString();
    }

    private static String typeOf(JsonNode option) {
        if (option.path("type").asText().equals("duration")) {
            return "Duration";
        }
        String javaType = option.path("javaType").asText();
        return javaType.substring(javaType.lastIndexOf('.') + 1);
    }

    private static String escape(String text) {
        return text.replace("|", "\\|");
    }
}
