package io.github.camelloganalytics.springboot;

import io.github.camelloganalytics.LogAnalyticsComponent;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Applies {@code camel.component.loganalytics.*} from the Spring Boot configuration to the component, through Camel's
 * own property binding, as camel-main does: durations such as {@code 2s}, Camel placeholders and bean references work
 * as there, and an option that does not exist fails the start.
 */
@AutoConfiguration(after = CamelAutoConfiguration.class)
@ConditionalOnClass(LogAnalyticsComponent.class)
public class LogAnalyticsComponentAutoConfiguration {

    @Lazy
    @Bean
    public ComponentCustomizer configureLogAnalyticsComponent(ConfigurableEnvironment environment) {
        return new ComponentCustomizer() {
            @Override
            public void configure(String name, Component target) {
                ComponentPropertiesBinder.bind(environment, (LogAnalyticsComponent) target);
            }

            @Override
            public boolean isEnabled(String name, Component target) {
                // as Camel's own starters: enabled=false turns the whole configuration off, customizer.enabled=false
                // this customizer only
                return target instanceof LogAnalyticsComponent
                       && environment.getProperty(ComponentPropertiesBinder.PREFIX + "enabled", Boolean.class, true)
                       && environment.getProperty(ComponentPropertiesBinder.PREFIX + "customizer.enabled", Boolean.class, true);
            }
        };
    }
}
