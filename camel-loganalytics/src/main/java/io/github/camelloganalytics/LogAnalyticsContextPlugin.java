package io.github.camelloganalytics;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.ContextServicePlugin;

/**
 * Discovered by Camel when a context is built, before camel-main prints its configuration summary and before routes
 * are loaded: registers the component's secret option names as sensitive, so that Camel masks a literal key in its own
 * output even though the component itself is only created later.
 */
public class LogAnalyticsContextPlugin implements ContextServicePlugin {

    @Override
    public void load(CamelContext camelContext) {
        SensitiveKeywords.registerWith(camelContext);
    }
}
