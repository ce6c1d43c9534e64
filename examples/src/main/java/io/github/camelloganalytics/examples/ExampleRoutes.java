package io.github.camelloganalytics.examples;

import org.apache.camel.builder.RouteBuilder;

/**
 * The Java DSL routes of the examples. The workspace, key and endpoint are component options, set once.
 */
public class ExampleRoutes extends RouteBuilder {

    private final boolean logsIngestion;

    /**
     * @param logsIngestion whether to add the Logs Ingestion route; its settings come from the {@code la.li.*}
     *                      properties
     */
    public ExampleRoutes(boolean logsIngestion) {
        this.logsIngestion = logsIngestion;
    }

    @Override
    public void configure() {
        if (logsIngestion) {
            // the same access log through the Logs Ingestion API: only the endpoint's configuration differs
            from("direct:access-log-dcr").routeId("access-log-dcr")
                    .bean(AccessLogParser.class, "parseBundledForDcr")
                    .to("loganalytics:HttpRequests?api=logsIngestion&endpoint={{la.li.endpoint}}&ruleId={{la.li.rule-id}}"
                        + "&{{la.li.credentials}}")
                    .log("Shipped ${header.CamelLogAnalyticsRecordCount} access log records through the Logs Ingestion API");
        }
        // the whole access log as one List body: one exchange, many records, cut into batches by the component
        from("direct:access-log").routeId("access-log")
                .bean(AccessLogParser.class, "parseBundled")
                .to("loganalytics:WebAccess")
                .log("Shipped ${header.CamelLogAnalyticsRecordCount} access log records (HTTP ${header.CamelLogAnalyticsStatusCode})");
    }
}
