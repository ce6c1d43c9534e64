package io.github.camelloganalytics.springboot;

import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A misspelt option fails the start, naming it, as camel-main does, instead of being ignored.
 */
class MisspeltOptionTest {

    @SpringBootApplication
    static class App {
        @Bean
        RouteBuilder routes() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:orders").to("loganalytics:Orders");
                }
            };
        }
    }

    @Test
    void aMisspeltOptionFailsTheStart() {
        SpringApplication application = new SpringApplication(App.class);
        application.setDefaultProperties(java.util.Map.of("camel.component.loganalytics.batch-tiemout", "1s"));
        assertThatThrownBy(() -> {
            try (ConfigurableApplicationContext context = application.run()) {
                context.getBean(org.apache.camel.CamelContext.class);
            }
        }).satisfies(e -> assertThat(rootCauses(e)).contains("batchTiemout"));
    }

    private static String rootCauses(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
