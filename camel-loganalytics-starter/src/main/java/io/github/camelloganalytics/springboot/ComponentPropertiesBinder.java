package io.github.camelloganalytics.springboot;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.github.camelloganalytics.LogAnalyticsComponent;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.util.StringHelper;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Collects {@code camel.component.loganalytics.*} from every property source of the environment (properties and YAML
 * files, system properties, environment variables such as {@code CAMEL_COMPONENT_LOGANALYTICS_WORKSPACE_ID}) and binds
 * them to the component with the component's generated configurer.
 */
final class ComponentPropertiesBinder {

    static final String PREFIX = "camel.component.loganalytics.";
    private static final String ENV_PREFIX = "CAMEL_COMPONENT_LOGANALYTICS_";

    private ComponentPropertiesBinder() {
    }

    static void bind(ConfigurableEnvironment environment, LogAnalyticsComponent component) {
        Map<String, Object> options = options(environment);
        if (options.isEmpty()) {
            return;
        }
        PropertyConfigurer configurer = component.getComponentPropertyConfigurer();
        PropertyBindingSupport.build()
                .withCamelContext(component.getCamelContext())
                .withTarget(component)
                .withConfigurer(configurer)
                .withIgnoreCase(true)
                .withMandatory(true)
                .withRemoveParameters(true)
                .withProperties(options)
                .bind();
    }

    /** Option name (camelCase) to value, as the environment resolves it (highest precedence first). */
    static Map<String, Object> options(ConfigurableEnvironment environment) {
        Map<String, Object> options = new LinkedHashMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            for (String name : enumerable.getPropertyNames()) {
                String option = optionOf(name);
                if (option != null && !option.equals("enabled") && !option.startsWith("customizer")) {
                    options.putIfAbsent(StringHelper.dashToCamelCase(option), environment.getProperty(name));
                }
            }
        }
        return options;
    }

    /** The option a property name sets, kebab-case, or null when it is not one of ours. */
    static String optionOf(String name) {
        if (name.startsWith(PREFIX)) {
            return name.substring(PREFIX.length());
        }
        if (name.startsWith(ENV_PREFIX)) {
            return name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-');
        }
        return null;
    }
}
