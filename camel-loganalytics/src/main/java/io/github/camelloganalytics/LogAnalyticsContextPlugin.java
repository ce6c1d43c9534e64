package io.github.camelloganalytics;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.ContextServicePlugin;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * Discovered by Camel when a context is built, before camel-main prints its configuration summary and before routes
 * are loaded: registers the component's secret option names as sensitive, so that Camel masks a literal key in its own
 * output even though the component itself is only created later; and, once the context has started and loaded its dev
 * consoles, makes Camel's properties console mask the component's secret options too.
 */
public class LogAnalyticsContextPlugin implements ContextServicePlugin {

    @Override
    public void load(CamelContext camelContext) {
        SensitiveKeywords.registerWith(camelContext);
        camelContext.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStarted(CamelContext context) {
                PropertiesConsoleMask.install(context);
            }
        });
    }
}
