package io.github.camelloganalytics.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Runs the emulator from the command line; see {@link #USAGE}. Mistakes are reported in one line, with the usage.
 */
public final class EmulatorMain {

    static final String USAGE = "usage: java -jar loganalytics-emulator.jar [--port <port, 0 picks one; default 8080>]"
                                + " [--host <address>] [--workspace <workspaceId>:<base64key>[,<secondaryKey>]]..."
                                + " [--dcr <ruleId>:<stream>:<column>=<type>,...]... [--dcr-file <rules.json>]"
                                + " [--token <bearerToken>]... [--https [--cert-out <file.pem>]"
                                + " | --keystore <file.p12> --keystore-password <password>]\n"
                                + "Without --workspace the Data Collector API refuses every workspace, and data collection"
                                + " rules write to workspace " + LogAnalyticsEmulator.DEFAULT_WORKSPACE + ".";

    private EmulatorMain() {
    }

    /** A mistake on the command line. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(USAGE);
            return;
        }
        LogAnalyticsEmulator emulator;
        Path certOut;
        try {
            Parsed parsed = parse(args);
            emulator = parsed.builder.start();
            certOut = parsed.certOut;
        } catch (UsageException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        } catch (IOException e) {
            System.err.println("error: cannot listen: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (certOut != null && emulator.tls() != null) {
            Files.writeString(certOut, emulator.tls().certificatePem(), StandardCharsets.US_ASCII);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }));
        System.out.println("Log Analytics emulator listening on " + emulator.endpoint());
        System.out.println("  ingestion: POST " + emulator.endpoint() + "/api/logs?api-version=2016-04-01");
        System.out.println("  ingestion: POST " + emulator.endpoint() + "/dataCollectionRules/<ruleId>/streams/<stream>?api-version=2023-01-01");
        System.out.println("  tables:    GET  " + emulator.endpoint() + "/emulator/workspaces/<workspaceId>/tables");
        if (certOut != null && emulator.tls() != null) {
            System.out.println("  certificate: " + certOut.toAbsolutePath() + " (trust it in clients: curl --cacert, SSL_CERT_FILE)");
        }
        System.out.flush();
        stopped.await();
    }

    record Parsed(LogAnalyticsEmulator.Builder builder, Path certOut) {
    }

    static Parsed parse(String[] args) throws UsageException {
        LogAnalyticsEmulator.Builder builder = LogAnalyticsEmulator.builder().port(8080);
        Path certOut = null;
        Path keystore = null;
        String keystorePassword = null;
        boolean https = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port" -> builder.port(number(value(args, ++i, arg), arg));
                case "--host" -> builder.host(value(args, ++i, arg));
                case "--workspace" -> {
                    String spec = value(args, ++i, arg);
                    int colon = spec.indexOf(':');
                    if (colon <= 0 || colon == spec.length() - 1) {
                        throw new UsageException("--workspace takes <workspaceId>:<base64key>[,<secondaryKey>], got " + spec);
                    }
                    builder.workspace(spec.substring(0, colon), spec.substring(colon + 1).split(","));
                }
                case "--token" -> builder.acceptToken(value(args, ++i, arg));
                case "--dcr" -> {
                    String[] parts = value(args, ++i, arg).split(":", 3);
                    if (parts.length != 3) {
                        throw new UsageException("--dcr takes <ruleId>:<stream>:<column>=<type>,...");
                    }
                    Map<String, String> columns = new LinkedHashMap<>();
                    for (String column : parts[2].split(",")) {
                        String[] nameType = column.split("=", 2);
                        if (nameType.length != 2) {
                            throw new UsageException("--dcr columns are <column>=<type>, got " + column);
                        }
                        columns.put(nameType[0].strip(), nameType[1].strip());
                    }
                    builder.dataCollectionRule(parts[0], parts[1], columns);
                }
                case "--dcr-file" -> {
                    Path file = Path.of(value(args, ++i, arg));
                    try {
                        DcrFile.read(file, builder);
                    } catch (IOException e) {
                        throw new UsageException("cannot read --dcr-file " + file + ": " + e.getMessage());
                    }
                }
                case "--https" -> https = true;
                case "--cert-out" -> certOut = Path.of(value(args, ++i, arg));
                case "--keystore" -> keystore = Path.of(value(args, ++i, arg));
                case "--keystore-password" -> keystorePassword = value(args, ++i, arg);
                default -> throw new UsageException("unknown argument " + arg);
            }
        }
        if (keystore != null) {
            builder.https(serverContext(keystore, keystorePassword));
        } else if (https) {
            builder.https();
        } else if (certOut != null) {
            throw new UsageException("--cert-out goes with --https");
        }
        return new Parsed(builder, certOut);
    }

    private static SSLContext serverContext(Path keystore, String password) throws UsageException {
        char[] secret = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, secret);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new UsageException("cannot read the keystore " + keystore + ": " + e.getMessage());
        }
    }

    private static int number(String value, String option) throws UsageException {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a number, got " + value);
        }
    }

    private static String value(String[] args, int index, String option) throws UsageException {
        if (index >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[index];
    }
}
