package io.github.camelloganalytics.quarkus.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.github.camelloganalytics.emulator.LogAnalyticsEmulator;
import io.quarkus.deployment.builditem.Startable;

/**
 * The Log Analytics emulator as a Dev Service, on loopback. For the Logs Ingestion API: one data collection rule with
 * the configured streams, and a token made for this run that the component is given; for the Data Collector API: one
 * workspace with a key made for this run.
 */
final class EmulatorDevService implements Startable {

    private final int port;
    private final boolean logsIngestion;
    private final Map<String, Map<String, String>> streams;
    private final String workspaceId = UUID.randomUUID().toString();
    private final String sharedKey;
    private final String ruleId;
    private final String token;
    private LogAnalyticsEmulator emulator;

    EmulatorDevService(int port, boolean logsIngestion, Map<String, Map<String, String>> streams) {
        this.port = port;
        this.logsIngestion = logsIngestion;
        this.streams = streams;
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[64];
        random.nextBytes(key);
        this.sharedKey = Base64.getEncoder().encodeToString(key);
        byte[] rule = new byte[16];
        random.nextBytes(rule);
        this.ruleId = "dcr-" + HexFormat.of().formatHex(rule);
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        this.token = "dev-" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /**
     * Parses {@code name:type,name:type} column lists, one per stream.
     *
     * @throws IllegalArgumentException naming the stream whose list does not parse
     */
    static Map<String, Map<String, String>> parseStreams(Map<String, String> configured) {
        Map<String, Map<String, String>> streams = new LinkedHashMap<>();
        configured.forEach((stream, list) -> {
            Map<String, String> columns = new LinkedHashMap<>();
            for (String column : list.split(",")) {
                String[] nameAndType = column.strip().split(":");
                if (nameAndType.length != 2 || nameAndType[0].isBlank() || nameAndType[1].isBlank()) {
                    throw new IllegalArgumentException("quarkus.camel.loganalytics.devservices.streams.\"" + stream
                                                       + "\" must list columns as name:type,name:type; got '" + list + "'");
                }
                columns.put(nameAndType[0].strip(), nameAndType[1].strip());
            }
            streams.put(stream, columns);
        });
        return streams;
    }

    @Override
    public void start() {
        try {
            LogAnalyticsEmulator.Builder builder = LogAnalyticsEmulator.builder().port(port);
            if (logsIngestion) {
                streams.forEach((stream, columns) -> builder.dataCollectionRule(ruleId, stream, columns));
                builder.acceptToken(token);
            } else {
                builder.workspace(workspaceId, sharedKey);
            }
            emulator = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("The Log Analytics emulator could not listen on port " + port, e);
        }
    }

    String endpoint() {
        return emulator.endpoint();
    }

    String workspaceId() {
        return logsIngestion ? LogAnalyticsEmulator.DEFAULT_WORKSPACE : workspaceId;
    }

    String sharedKey() {
        return sharedKey;
    }

    String ruleId() {
        return ruleId;
    }

    String token() {
        return token;
    }

    boolean logsIngestion() {
        return logsIngestion;
    }

    Map<String, Map<String, String>> streams() {
        return streams;
    }

    @Override
    public String getConnectionInfo() {
        return endpoint();
    }

    @Override
    public String getContainerId() {
        return null;
    }

    @Override
    public void close() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
