package io.github.camelloganalytics.quarkus.it;

import org.apache.camel.builder.RouteBuilder;

/**
 * A Java DSL route: Camel Quarkus finds it as a bean.
 */
public class EventsRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:events").routeId("events")
                .to("loganalytics:Events?timeGeneratedField=at");
    }
}
