package io.github.camelloganalytics.quarkus.deployment;

import java.util.Map;
import java.util.OptionalInt;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Build time configuration of the Camel Log Analytics extension.
 */
@ConfigMapping(prefix = "quarkus.camel.loganalytics")
@ConfigRoot(phase = ConfigPhase.BUILD_TIME)
public interface LogAnalyticsBuildTimeConfig {

    /**
     * The Dev Service: a Log Analytics emulator started in dev and test mode.
     */
    DevServices devservices();

    /**
     * The Dev Service's settings.
     */
    interface DevServices {

        /**
         * Whether the Log Analytics emulator starts in dev and test mode when the component has no
         * {@code camel.component.loganalytics.endpoint}, {@code rule-id} or {@code workspace-id}. It never starts in
         * production mode.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * The port the emulator listens on; a free port when not set.
         */
        OptionalInt port();

        /**
         * The API the emulator serves the application: {@code logsIngestion}, with a data collection rule holding the
         * streams below and a token the component is given, or {@code dataCollector}, with a workspace and its key.
         */
        @WithDefault("logsIngestion")
        String api();

        /**
         * The streams of the emulator's data collection rule (logsIngestion), each with its columns as
         * {@code name:type} pairs separated by commas, types as a rule declares them (string, int, long, real,
         * boolean, datetime, dynamic, guid): {@code quarkus.camel.loganalytics.devservices.streams."Custom-Orders_CL"=
         * TimeGenerated:datetime,orderId:guid,total:real}. Columns a record carries that its stream does not declare
         * are dropped, as the service drops them.
         */
        Map<String, String> streams();
    }
}
