package io.github.camelloganalytics.quarkus.it;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a native image of this application would be told, read from the native sources the build wrote: every class
 * the component loads by name or reflection and every resource it reads by name is registered, and the Azure path is
 * left out when azure-identity is absent.
 */
class NativeSourcesIT {

    static final Map<String, JsonNode> REFLECTION = new HashMap<>();
    static final List<String> RESOURCES = new ArrayList<>();

    @BeforeAll
    static void readNativeSources() throws Exception {
        Path runner;
        try (Stream<Path> files = Files.list(Path.of("target", "native-sources"))) {
            runner = files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).findFirst().orElseThrow();
        }
        ObjectMapper json = new ObjectMapper();
        try (JarFile jar = new JarFile(runner.toFile())) {
            try (InputStream in = jar.getInputStream(jar.getEntry("META-INF/native-image/reflect-config.json"))) {
                json.readTree(in).forEach(entry -> REFLECTION.put(entry.get("name").asText(), entry));
            }
            try (InputStream in = jar.getInputStream(jar.getEntry("META-INF/native-image/resource-config.json"))) {
                json.readTree(in).get("resources").get("includes")
                        .forEach(r -> RESOURCES.add(r.get("pattern").asText().replace("\\Q", "").replace("\\E", "")));
            }
        }
    }

    @Test
    void theComponentAndItsGeneratedConfigurersAreReflective() {
        assertThat(REFLECTION).containsKeys("io.github.camelloganalytics.LogAnalyticsComponent",
                "io.github.camelloganalytics.LogAnalyticsEndpoint",
                "io.github.camelloganalytics.LogAnalyticsComponentConfigurer",
                "io.github.camelloganalytics.LogAnalyticsEndpointConfigurer",
                "io.github.camelloganalytics.LogAnalyticsEndpointUriFactory");
    }

    @Test
    void optionEnumsCanBeFoundByName() {
        for (String type : List.of("api.LogAnalyticsApi", "DeliveryMode", "api.CredentialType", "api.AzureCloud")) {
            JsonNode entry = REFLECTION.get("io.github.camelloganalytics." + type);
            assertThat(entry).as(type).isNotNull();
            assertThat(entry.path("allDeclaredMethods").asBoolean()).as(type + " methods").isTrue();
        }
    }

    @Test
    void theContextPluginThatMasksSecretsIsLoadable() {
        assertThat(RESOURCES).contains("META-INF/services/org.apache.camel.spi.ContextServicePlugin");
        assertThat(REFLECTION).containsKey("io.github.camelloganalytics.LogAnalyticsContextPlugin");
    }

    @Test
    void resourcesReadByNameAreIncluded() {
        assertThat(RESOURCES).contains("io/github/camelloganalytics/camel-loganalytics.properties",
                "META-INF/io/github/camelloganalytics/loganalytics.json");
    }

    @Test
    void withoutAzureIdentityItsRegistrationsAreLeftOut() {
        assertThat(RESOURCES).doesNotContain("azure-identity.properties");
        assertThat(REFLECTION).doesNotContainKey("com.microsoft.aad.msal4j.AadInstanceDiscoveryResponse");
    }
}
