package io.github.camelloganalytics.quarkus.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import io.github.camelloganalytics.emulator.LogAnalyticsEmulator;
import io.quarkus.deployment.builditem.Startable;

/**
 * The Log Analytics emulator as a Dev Service: one workspace with a key made for this run, on loopback.
 */
final class EmulatorDevService implements Startable {

    private final int port;
    private final String workspaceId = UUID.randomUUID().toString();
    private final String sharedKey;
    private LogAnalyticsEmulator emulator;

    EmulatorDevService(int port) {
        this.port = port;
        byte[] key = new byte[64];
        new SecureRandom().nextBytes(key);
        this.sharedKey = Base64.getEncoder().encodeToString(key);
    }

    @Override
    public void start() {
        try {
            emulator = LogAnalyticsEmulator.builder().workspace(workspaceId, sharedKey).port(port).start();
        } catch (IOException e) {
            throw new UncheckedIOException("The Log Analytics emulator could not listen on port " + port, e);
        }
    }

    String endpoint() {
        return emulator.endpoint();
    }

    String workspaceId() {
        return workspaceId;
    }

    String sharedKey() {
        return sharedKey;
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
