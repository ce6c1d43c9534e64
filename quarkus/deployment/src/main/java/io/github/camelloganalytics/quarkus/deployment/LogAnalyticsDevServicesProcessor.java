package io.github.camelloganalytics.quarkus.deployment;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.quarkus.deployment.IsProduction;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.DevServicesResultBuildItem;
import io.quarkus.deployment.dev.devservices.DevServicesConfig;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Starts the Log Analytics emulator in dev and test mode when the application has not said where to ship, and hands
 * the component what it needs to ship there as {@code camel.component.loganalytics.*} configuration: for the Logs
 * Ingestion API the endpoint, the rule id and a token the emulator accepts; for the Data Collector API the endpoint,
 * a workspace id and its key.
 */
class LogAnalyticsDevServicesProcessor {

    private static final Logger LOG = Logger.getLogger(LogAnalyticsDevServicesProcessor.class);

    static final String PREFIX = "camel.component.loganalytics.";

    @BuildStep(onlyIfNot = IsProduction.class, onlyIf = DevServicesConfig.Enabled.class)
    Optional<DevServicesResultBuildItem> emulator(LogAnalyticsBuildTimeConfig config) {
        if (!config.devservices().enabled()) {
            LOG.debug("Dev Services for Log Analytics are disabled by quarkus.camel.loganalytics.devservices.enabled");
            return Optional.empty();
        }
        Config app = ConfigProvider.getConfig();
        Optional<String> configured = configuredTarget(app);
        if (configured.isPresent()) {
            LOG.debugf("Dev Services for Log Analytics not started: %s is configured", configured.get());
            return Optional.empty();
        }
        boolean logsIngestion = logsIngestion(config, app);
        Map<String, Map<String, String>> streams = EmulatorDevService.parseStreams(config.devservices().streams());
        if (logsIngestion && streams.isEmpty()) {
            LOG.warn("Dev Services for Log Analytics start the emulator with no stream: declare the streams your routes"
                     + " send to, such as quarkus.camel.loganalytics.devservices.streams.\"Custom-Orders_CL\"="
                     + "TimeGenerated:datetime,orderId:guid,total:real");
        }
        int port = config.devservices().port().orElse(0);
        Map<String, Function<EmulatorDevService, String>> handed = logsIngestion
                ? Map.of(PREFIX + "endpoint", EmulatorDevService::endpoint,
                        PREFIX + "rule-id", EmulatorDevService::ruleId,
                        PREFIX + "access-token", EmulatorDevService::token)
                : Map.of(PREFIX + "endpoint", EmulatorDevService::endpoint,
                        PREFIX + "workspace-id", EmulatorDevService::workspaceId,
                        PREFIX + "shared-key", EmulatorDevService::sharedKey);
        return Optional.of(DevServicesResultBuildItem.<EmulatorDevService> owned()
                .feature(LogAnalyticsProcessor.FEATURE)
                .serviceName("loganalytics-emulator")
                .description("Log Analytics emulator (" + (logsIngestion ? "Logs Ingestion API" : "Data Collector API") + ")")
                .serviceConfig(port)
                .startable(() -> new EmulatorDevService(port, logsIngestion, streams))
                .configProvider(handed)
                .postStartHook(DevServicesStarted::log)
                .build());
    }

    /**
     * The API to emulate: dataCollector when the build says so or the application's {@code api} option does, else
     * Logs Ingestion.
     */
    static boolean logsIngestion(LogAnalyticsBuildTimeConfig config, Config app) {
        if (app.getOptionalValue(PREFIX + "api", String.class).filter("dataCollector"::equalsIgnoreCase).isPresent()) {
            return false;
        }
        return !"dataCollector".equalsIgnoreCase(config.devservices().api());
    }

    /** What the log says once the emulator is up: where it is, and how to read what landed. */
    static final class DevServicesStarted {
        private DevServicesStarted() {
        }

        static void log(EmulatorDevService emulator) {
            if (emulator.logsIngestion()) {
                LOG.infof("Dev Services for Log Analytics started the emulator at %s for the Logs Ingestion API: rule %s,"
                          + " streams %s. Its tables: curl %s/emulator/workspaces/%s/tables; what a stream dropped: curl"
                          + " %s/emulator/dataCollectionRules/%s/streams/<stream>/drops",
                        emulator.endpoint(), emulator.ruleId(), emulator.streams().keySet(), emulator.endpoint(),
                        emulator.workspaceId(), emulator.endpoint(), emulator.ruleId());
            } else {
                LOG.infof("Dev Services for Log Analytics started the emulator at %s for the Data Collector API,"
                          + " workspace %s. Its tables: curl %s/emulator/workspaces/%s/tables",
                        emulator.endpoint(), emulator.workspaceId(), emulator.endpoint(), emulator.workspaceId());
            }
        }
    }

    /** The first setting that names a target of the component, in either spelling Camel accepts. */
    static Optional<String> configuredTarget(Config app) {
        for (String name : new String[] {"endpoint", "workspace-id", "workspaceId", "rule-id", "ruleId"}) {
            if (app.getOptionalValue(PREFIX + name, String.class).filter(v -> !v.isBlank()).isPresent()) {
                return Optional.of(PREFIX + name);
            }
        }
        return Optional.empty();
    }
}
