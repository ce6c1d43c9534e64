package io.github.camelloganalytics.emulator;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator from the command line:
 * {@code java -jar loganalytics-emulator.jar --port 0 --workspace <workspaceId>:<base64key> [--workspace ...]}.
 */
public final class EmulatorMain {

    private EmulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        LogAnalyticsEmulator.Builder builder = LogAnalyticsEmulator.builder().port(8080);
        StringBuilder workspaceIds = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port" -> builder.port(Integer.parseInt(value(args, ++i, arg)));
                case "--host" -> builder.host(value(args, ++i, arg));
                case "--workspace" -> {
                    String spec = value(args, ++i, arg);
                    int colon = spec.indexOf(':');
                    if (colon <= 0 || colon == spec.length() - 1) {
                        usage("--workspace takes <workspaceId>:<base64key>[,<secondaryKey>]");
                    }
                    String id = spec.substring(0, colon);
                    builder.workspace(id, spec.substring(colon + 1).split(","));
                    workspaceIds.append(workspaceIds.length() == 0 ? "" : ", ").append(id);
                }
                case "--token" -> builder.acceptToken(value(args, ++i, arg));
                case "--dcr" -> {
                    // <ruleId>:<stream>:<column>=<type>,...
                    String[] parts = value(args, ++i, arg).split(":", 3);
                    if (parts.length != 3) {
                        usage("--dcr takes <ruleId>:<stream>:<column>=<type>,...");
                    }
                    java.util.Map<String, String> columns = new java.util.LinkedHashMap<>();
                    for (String column : parts[2].split(",")) {
                        String[] nameType = column.split("=", 2);
                        if (nameType.length != 2) {
                            usage("--dcr columns are <column>=<type>, got " + column);
                        }
                        columns.put(nameType[0].strip(), nameType[1].strip());
                    }
                    builder.dataCollectionRule(parts[0], parts[1], columns);
                }
                case "--dcr-file" -> DcrFile.read(java.nio.file.Path.of(value(args, ++i, arg)), builder);
                case "--help", "-h" -> usage(null);
                default -> usage("unknown argument " + arg);
            }
        }
        LogAnalyticsEmulator emulator = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }));
        System.out.println("Log Analytics emulator listening on " + emulator.endpoint()
                           + " (workspaces: " + (workspaceIds.length() == 0 ? "none" : workspaceIds) + ")");
        System.out.println("  ingestion: POST " + emulator.endpoint() + "/api/logs?api-version=2016-04-01");
        System.out.println("  ingestion: POST " + emulator.endpoint() + "/dataCollectionRules/<ruleId>/streams/<stream>?api-version=2023-01-01");
        System.out.println("  tables:    GET  " + emulator.endpoint() + "/emulator/workspaces/<workspaceId>/tables");
        System.out.flush();
        stopped.await();
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            usage(option + " needs a value");
        }
        return args[index];
    }

    private static void usage(String problem) {
        if (problem != null) {
            System.err.println(problem);
        }
        System.err.println("usage: java -jar loganalytics-emulator.jar [--port <port, 0 picks one>] [--host <address>]"
                           + " --workspace <workspaceId>:<base64key>[,<secondaryKey>] ..."
                           + " [--dcr <ruleId>:<stream>:<column>=<type>,...] [--dcr-file <rules.json>] [--token <bearerToken>]");
        System.exit(problem == null ? 0 : 2);
    }
}
