package io.github.camelloganalytics;

import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.dsl.yaml.common.YamlDeserializerBase;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RoutesDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.xml.in.ModelParser;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the pages under {@code src/main/docs} show is real: every Java snippet compiles, every YAML route loads with
 * Camel's YAML DSL, every XML route parses with Camel's XML model, and every option written into a {@code loganalytics:} URI, a YAML
 * {@code parameters} map or a {@code camel.component.loganalytics.*} property is an option of the component. Code
 * included from the other modules' sources is compiled and run by their tests; included YAML routes are also checked
 * here for the notation.
 */
class DocSnippetsTest {

    static final Path DOCS = Path.of("../src/main/docs");
    private static final Pattern SOURCE = Pattern.compile("^\\[source,([a-z]+)[^\\]]*\\]\\s*$");
    private static final Pattern URI = Pattern.compile("loganalytics:[^\"'\\s<>)]*");
    private static final Pattern PUBLIC_CLASS = Pattern.compile("public (?:final )?class (\\w+)");
    private static final Pattern INCLUDE = Pattern.compile("include::([^\\[]+)\\[[^\\]]*\\]");
    private static final Pattern PROPERTY = Pattern.compile("camel\\.component\\.loganalytics\\.([a-z0-9-]+)\\s*[=:]");

    /** A listing of a page: its language and text, and where it starts, for the failure message. */
    record Snippet(String page, int line, String language, String text) {
        @Override
        public String toString() {
            return page + ":" + line + " (" + language + ")";
        }
    }

    @Test
    void everyYamlRouteLoadsInTheCanonicalNotation() throws Exception {
        List<Snippet> routes = snippets().stream()
                .filter(s -> s.language().equals("yaml") && s.text().lines().anyMatch(l -> l.matches("- (route|from|routeConfiguration|onException):.*")))
                .toList();
        assertThat(routes).as("YAML routes in the pages").hasSizeGreaterThanOrEqualTo(10);
        List<String> compact = new ArrayList<>();
        for (Snippet snippet : routes) {
            // Camel warns once per file written in the compact notation: a user who copies it sees that warning
            List<String> warnings = new ArrayList<>();
            AbstractAppender appender = new AbstractAppender("compact-notation", null, null, false, Property.EMPTY_ARRAY) {
                @Override
                public void append(LogEvent event) {
                    if (event.getMessage().getFormattedMessage().contains("compact notation")) {
                        warnings.add(event.getMessage().getFormattedMessage());
                    }
                }
            };
            appender.start();
            Logger logger = (Logger) LogManager.getLogger(YamlDeserializerBase.class);
            logger.addAppender(appender);
            try (DefaultCamelContext context = new DefaultCamelContext()) {
                PluginHelper.getRoutesLoader(context).loadRoutes(
                        ResourceHelper.fromString("snippet.camel.yaml", snippet.text()));
                assertThat(context.getRouteDefinitions()).as(snippet + " defines a route").isNotEmpty();
            } catch (Exception e) {
                throw new AssertionError(snippet + " does not load: " + e.getMessage(), e);
            } finally {
                logger.removeAppender(appender);
                appender.stop();
            }
            if (!warnings.isEmpty()) {
                compact.add(snippet.toString());
            }
        }
        assertThat(compact).as("YAML routes in the compact notation, which Camel warns about").isEmpty();
    }

    @Test
    void everyXmlRouteParses() throws Exception {
        List<Snippet> routes = snippets().stream()
                .filter(s -> s.language().equals("xml") && s.text().contains("<route"))
                .toList();
        assertThat(routes).as("XML routes in the pages").hasSizeGreaterThanOrEqualTo(10);
        for (Snippet snippet : routes) {
            String xml = snippet.text().strip();
            String routes0 = xml.startsWith("<routes") ? xml : "<routes>" + xml + "</routes>";
            try {
                RoutesDefinition parsed = new ModelParser(new StringReader(routes0)).parseRoutesDefinition().orElseThrow();
                assertThat(parsed.getRoutes()).as(snippet + " defines a route").isNotEmpty();
            } catch (Exception e) {
                throw new AssertionError(snippet + " does not parse: " + e.getMessage(), e);
            }
        }
    }

    @Test
    void everyJavaSnippetCompiles() throws Exception {
        List<Snippet> javaSnippets = snippets().stream().filter(s -> s.language().equals("java")).toList();
        assertThat(javaSnippets).as("Java snippets in the pages").hasSizeGreaterThanOrEqualTo(10);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<String> failures = new ArrayList<>();
        for (int n = 0; n < javaSnippets.size(); n++) {
            Snippet snippet = javaSnippets.get(n);
            String name = "Snippet" + n;
            String source = compilationUnit(snippet.text(), name);
            Matcher declared = PUBLIC_CLASS.matcher(source);
            String fileName = declared.find() ? declared.group(1) : name;
            JavaFileObject file = new SimpleJavaFileObject(java.net.URI.create("string:///" + fileName + ".java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            };
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            Path out = Files.createTempDirectory("snippet");
            boolean compiled = compiler.getTask(null, null, diagnostics, List.of("-proc:none", "-d", out.toString(),
                    "-classpath", System.getProperty("java.class.path")), null, List.of(file)).call();
            if (!compiled) {
                failures.add(snippet + ": " + diagnostics.getDiagnostics().stream()
                        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                        .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT)).toList());
            }
        }
        assertThat(failures).as("Java snippets that do not compile").isEmpty();
    }

    /**
     * A snippet as a compilation unit: a whole class gets the imports it leaves out, a test's members a test class
     * around them, and a route's statements a {@code RouteBuilder} around them. The beans a page names as the user's
     * own ({@code AppEventGenerator}, {@code AccessLogParser}) are stubs.
     */
    private static String compilationUnit(String text, String name) {
        String imports = """
                import java.util.*;
                import com.azure.core.credential.TokenCredential;
                import com.azure.identity.*;
                import io.github.camelloganalytics.*;
                import io.github.camelloganalytics.emulator.LogAnalyticsEmulatorExtension;
                import org.apache.camel.*;
                import org.apache.camel.builder.RouteBuilder;
                import org.junit.jupiter.api.Test;
                import org.junit.jupiter.api.extension.RegisterExtension;
                import static org.assertj.core.api.Assertions.assertThat;
                """;
        String stubs = """
                class AppEventGenerator {
                }
                class AccessLogParser {
                }
                """;
        if (text.contains(" class ")) {
            return text.startsWith("package ") || text.contains("\nimport ") ? text : imports + text + "\n" + stubs;
        }
        if (text.contains("@Test")) {
            String constants = (text.contains("WORKSPACE_ID =") ? "" : "static final String WORKSPACE_ID = \"w\";\n")
                               + (text.contains("KEY =") ? "" : "static final String KEY = \"k\";\n");
            return imports + "public class " + name + " {\n" + constants + "ProducerTemplate template;\n" + text + "\n}\n";
        }
        return imports + "public class " + name + " extends RouteBuilder {\n@Override\npublic void configure() throws Exception {\n"
               + text + "\n}\n}\n" + stubs;
    }

    @Test
    void everyOptionShownIsAnOptionOfTheComponent() throws Exception {
        JsonNode json = componentJson();
        Set<String> endpointOptions = names(json.get("properties"));
        Set<String> componentOptions = names(json.get("componentProperties"));
        List<String> unknown = new ArrayList<>();
        int checked = 0;
        for (Snippet snippet : snippets()) {
            Matcher uri = URI.matcher(snippet.text());
            while (uri.find()) {
                String text = uri.group();
                int query = text.indexOf('?');
                if (query < 0) {
                    continue;
                }
                for (String pair : text.substring(query + 1).split("&(amp;)?")) {
                    String name = pair.split("=", 2)[0];
                    checked++;
                    if (!name.isEmpty() && !endpointOptions.contains(name)) {
                        unknown.add(snippet + ": " + name + " in " + text);
                    }
                }
            }
            Matcher property = PROPERTY.matcher(snippet.text());
            while (property.find()) {
                String name = camelCase(property.group(1));
                checked++;
                if (!componentOptions.contains(name) && !name.equals("enabled")) {
                    unknown.add(snippet + ": camel.component.loganalytics." + property.group(1));
                }
            }
            if (snippet.language().equals("yaml")) {
                checked += yamlParameters(snippet, endpointOptions, unknown);
            }
        }
        assertThat(checked).as("options found in the pages").isGreaterThan(50);
        assertThat(unknown).as("options the component does not have").isEmpty();
    }

    /** The names under {@code parameters:} of a YAML {@code to:} or {@code from:} whose uri is loganalytics. */
    private static int yamlParameters(Snippet snippet, Set<String> options, List<String> unknown) {
        int checked = 0;
        List<String> lines = snippet.text().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).matches("\\s*uri: \"?loganalytics:.*")) {
                continue;
            }
            int uriIndent = indent(lines.get(i));
            for (int j = i + 1; j < lines.size() && indent(lines.get(j)) >= uriIndent; j++) {
                if (indent(lines.get(j)) == uriIndent && lines.get(j).strip().equals("parameters:")) {
                    for (int k = j + 1; k < lines.size() && indent(lines.get(k)) > uriIndent; k++) {
                        String name = lines.get(k).strip().split(":", 2)[0];
                        checked++;
                        if (!options.contains(name)) {
                            unknown.add(snippet + ": parameter " + name);
                        }
                    }
                }
            }
        }
        return checked;
    }

    private static int indent(String line) {
        return line.isBlank() ? Integer.MAX_VALUE : line.length() - line.stripLeading().length();
    }

    private static String camelCase(String kebab) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }

    private static Set<String> names(JsonNode section) {
        Set<String> names = new HashSet<>();
        section.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode componentJson() throws Exception {
        try (InputStream in = DocSnippetsTest.class.getResourceAsStream("/META-INF/io/github/camelloganalytics/loganalytics.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    /**
     * Every {@code [source,...]} listing of every page. An included YAML file is read as the page shows it; other
     * includes are left out (their files are compiled and run where they live).
     */
    static List<Snippet> snippets() throws Exception {
        List<Snippet> snippets = new ArrayList<>();
        try (Stream<Path> pages = Files.list(DOCS)) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".adoc")).sorted().toList()) {
                List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher source = SOURCE.matcher(lines.get(i));
                    if (!source.matches() || i + 1 >= lines.size() || !lines.get(i + 1).equals("----")) {
                        continue;
                    }
                    int end = i + 2;
                    while (end < lines.size() && !lines.get(end).equals("----")) {
                        end++;
                    }
                    String text = String.join("\n", lines.subList(i + 2, end));
                    Matcher include = INCLUDE.matcher(text.strip());
                    if (include.matches() && include.group(1).endsWith(".yaml")) {
                        // a route file of another module shown whole: what a user copies from the page
                        text = Files.readString(DOCS.resolve(include.group(1)), StandardCharsets.UTF_8);
                    }
                    if (!text.contains("include::")) {
                        snippets.add(new Snippet(page.getFileName().toString(), i + 1,
                                source.group(1).toLowerCase(Locale.ROOT), text));
                    }
                    i = end;
                }
            }
        }
        return snippets;
    }
}
