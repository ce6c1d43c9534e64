package io.github.camelloganalytics.examples;

import org.apache.camel.builder.RouteBuilder;

/**
 * The Java DSL routes of the examples. The workspace, key and endpoint are component options, set once.
 */
public class ExampleRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // the whole access log as one List body: one exchange, many records, cut into batches by the component
        from("direct:access-log").routeId("access-log")
                .bean(AccessLogParser.class, "parseBundled")
                .to("loganalytics:WebAccess")
                .log("Shipped ${header.CamelLogAnalyticsRecordCount} access log records (HTTP ${header.CamelLogAnalyticsStatusCode})");
    }
}
