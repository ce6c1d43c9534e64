package io.github.camelloganalytics.examples;

import org.apache.camel.builder.RouteBuilder;

/**
 * The Java DSL route of the examples. Where records go (the rule's endpoint and id, or a workspace) is set once on the
 * component, so the route reads the same on either API.
 */
public class ExampleRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // the whole access log as one List body: one exchange, many records, cut into batches by the component;
        // each request's time becomes its TimeGenerated
        from("direct:access-log").routeId("access-log")
                .bean(AccessLogParser.class, "parseBundled")
                .to("loganalytics:HttpRequests?timeGeneratedField=requestTime")
                .log("Shipped ${header.CamelLogAnalyticsRecordCount} access log records (HTTP ${header.CamelLogAnalyticsStatusCode})");
    }
}
