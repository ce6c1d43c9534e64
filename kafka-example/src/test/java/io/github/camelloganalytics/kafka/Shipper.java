package io.github.camelloganalytics.kafka;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One instance of the Kafka-to-Log-Analytics application in its own JVM, so that a test can kill it as a crash would.
 */
final class Shipper implements AutoCloseable {

    private final Process process;
    private final Path log;

    Shipper(Map<String, String> properties, Path log) throws Exception {
        this.log = log;
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), KafkaToLogAnalytics.class.getName()));
        File out = log.toFile();
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out)).start();
    }

    /** SIGKILL: no shutdown hook, no flush, no commit. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** A graceful stop (SIGTERM): Camel stops its routes. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** For a condition that waits on this instance: true, with the reason, once it has exited by itself. */
    boolean hasExited() {
        if (process.isAlive()) {
            return false;
        }
        throw new IllegalStateException("the shipper exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
