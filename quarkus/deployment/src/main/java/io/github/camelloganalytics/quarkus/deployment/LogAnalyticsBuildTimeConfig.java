package io.github.camelloganalytics.quarkus.deployment;

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
         * {@code camel.component.loganalytics.endpoint} and no {@code camel.component.loganalytics.workspace-id}. It never
         * starts in production mode.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * The port the emulator listens on; a free port when not set.
         */
        OptionalInt port();
    }
}
