package io.github.camelloganalytics.jbang;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.camelloganalytics.emulator.LogAnalyticsEmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code camel run} on a YAML route and on a Pipe that uses the loganalytics-sink Kamelet, each in its own JVM, as a
 * user runs them: the route through the Logs Ingestion API, with no Java at all (a fixed token, which loopback
 * endpoints allow, stands in for the identity), the Pipe through the Data Collector API with a key file; the rows must
 * reach the emulator.
 */
class CamelRunTest {

    static final String WS = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    static final String KEY = "q+8dG9ycy0wMTIzNDU2Nzg5/3Rlc3Qtd29ya3NwYWNlLWtleS1mb3Itc2lnbmF0dXJlLXZlY3Rv";
    static final String RULE = "dcr-000a00a000a00000a000000aa000a0aa";
    static final String TOKEN = "camel-run-token";

    @RegisterExtension
    static LogAnalyticsEmulatorExtension logAnalytics = LogAnalyticsEmulatorExtension.withWorkspace(WS, KEY)
            .andDataCollectionRule(RULE, "Custom-RunEvents_CL", Map.of("TimeGenerated", "datetime", "service", "string",
                    "durationMs", "real"))
            .andToken(TOKEN);

    @TempDir
    Path dir;

    /** Runs {@code camel run <file> <options>} in a child JVM until it stops by itself, as {@code stopWhen} says. */
    private String camelRun(Path file, String stopWhen, String... options) throws Exception {
        Path keyFile = dir.resolve("shared-key");
        Files.writeString(keyFile, KEY);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                CamelCli.class.getName(), "run", file.toString(),
                stopWhen, "--max-seconds=60",
                "--prop=la.workspace-id=" + WS,
                "--prop=la.key-file=" + keyFile,
                "--prop=la.endpoint=" + logAnalytics.endpoint(),
                "--prop=la.rule-id=" + RULE,
                "--prop=la.token=" + TOKEN));
        command.addAll(List.of(options));
        Path log = dir.resolve(file.getFileName() + ".log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean ended = process.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(ended).as("camel run ended by itself; output:%n%s", output).isTrue();
        return output;
    }

    @Test
    void aYamlRouteRunsWithCamelRunThroughLogsIngestion() throws Exception {
        Path route = dir.resolve("events.camel.yaml");
        Files.writeString(route, """
                - route:
                    from:
                      uri: timer:events
                      parameters:
                        period: 100
                        repeatCount: 3
                      steps:
                        - setBody:
                            constant: '{"service": "checkout", "durationMs": 12.5}'
                        - to:
                            uri: loganalytics:RunEvents
                            parameters:
                              endpoint: "{{la.endpoint}}"
                              ruleId: "{{la.rule-id}}"
                              accessToken: "{{la.token}}"
                              batchTimeout: 50ms
                """);

        String output = camelRun(route, "--max-messages=3");

        assertThat(logAnalytics.rows("RunEvents_CL")).as("rows; camel run said:%n%s", output).hasSize(3)
                .allSatisfy(row -> assertThat(row).containsEntry("service", "checkout").containsEntry("durationMs", 12.5));
    }

    @Test
    void aPipeThatUsesTheKameletRunsWithCamelRun() throws Exception {
        Path pipe = dir.resolve("events.pipe.yaml");
        // Camel 4.17 keeps Pipe property values percent-encoded (JSON, placeholders, paths): such values come as
        // camel.kamelet.<name>.* properties instead, the workaround the docs give
        Files.writeString(pipe, """
                apiVersion: camel.apache.org/v1
                kind: Pipe
                metadata:
                  name: events-to-loganalytics
                spec:
                  source:
                    ref:
                      kind: Kamelet
                      apiVersion: camel.apache.org/v1
                      name: timer-source
                    properties:
                      period: 100
                      repeatCount: 3
                  sink:
                    ref:
                      kind: Kamelet
                      apiVersion: camel.apache.org/v1
                      name: loganalytics-sink
                    properties:
                      logType: PipeEvents
                """);

        // the Kamelets' own routes count towards --max-messages, which could stop the Pipe before its third message:
        // it stops once idle instead
        String output = camelRun(pipe, "--max-idle-seconds=5",
                "--prop=camel.kamelet.timer-source.message={\"service\": \"checkout\"}",
                "--prop=camel.kamelet.loganalytics-sink.workspaceId=" + WS,
                "--prop=camel.kamelet.loganalytics-sink.sharedKeyFile=" + dir.resolve("shared-key"),
                "--prop=camel.kamelet.loganalytics-sink.endpoint=" + logAnalytics.endpoint(),
                "--prop=camel.kamelet.loganalytics-sink.batchTimeout=50ms");

        assertThat(logAnalytics.rows("PipeEvents_CL")).as("rows; camel run said:%n%s", output).hasSize(3);
    }
}
