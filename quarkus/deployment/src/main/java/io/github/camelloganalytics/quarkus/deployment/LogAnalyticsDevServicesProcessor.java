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
 * its endpoint, workspace id and key to the component as {@code camel.component.loganalytics.*} configuration.
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
        if (app.getOptionalValue(PREFIX + "api", String.class).filter("logsIngestion"::equalsIgnoreCase).isPresent()) {
            LOG.info("Dev Services for Log Analytics not started: they emulate the dataCollector API, and "
                     + PREFIX + "api is logsIngestion; run the emulator with a data collection rule file instead");
            return Optional.empty();
        }
        int port = config.devservices().port().orElse(0);
        return Optional.of(DevServicesResultBuildItem.<EmulatorDevService> owned()
                .feature(LogAnalyticsProcessor.FEATURE)
                .serviceName("loganalytics-emulator")
                .description("Log Analytics emulator (dataCollector API)")
                .serviceConfig(port)
                .startable(() -> new EmulatorDevService(port))
                .configProvider(Map.<String, Function<EmulatorDevService, String>> of(
                        PREFIX + "endpoint", EmulatorDevService::endpoint,
                        PREFIX + "workspace-id", EmulatorDevService::workspaceId,
                        PREFIX + "shared-key", EmulatorDevService::sharedKey))
                .postStartHook(emulator -> LOG.infof("Dev Services for Log Analytics started the emulator at %s, workspace"
                                                     + " %s. Its tables: curl %s/emulator/workspaces/%s/tables",
                        emulator.endpoint(), emulator.workspaceId(), emulator.endpoint(), emulator.workspaceId()))
                .build());
    }

    /** The first setting that names a target of the component, in either spelling Camel accepts. */
    static Optional<String> configuredTarget(Config app) {
        for (String name : new String[] {"endpoint", "workspace-id", "workspaceId"}) {
            if (app.getOptionalValue(PREFIX + name, String.class).filter(v -> !v.isBlank()).isPresent()) {
                return Optional.of(PREFIX + name);
            }
        }
        return Optional.empty();
    }
}
