package io.github.camelloganalytics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.camelloganalytics.emulator.LogAnalyticsEmulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same route, switched to logsIngestion by configuration, lands its records in the emulator's DCR table.
 */
class LogsIngestionEmulatorTest extends CamelTestSupport {

    static final String RULE = "dcr-000a00a000a00000a000000aa000a0aa";

    static Map<String, String> columns() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("TimeGenerated", "datetime");
        columns.put("orderId", "guid");
        columns.put("total", "real");
        columns.put("paid", "boolean");
        return columns;
    }

    @RegisterExtension
    static LogAnalyticsEmulatorExtension logAnalytics = LogAnalyticsEmulatorExtension
            .withDataCollectionRule(RULE, "Custom-Orders_CL", columns())
            .andToken("token-1");

    @Override
    protected RouteBuilder createRouteBuilder() {
        context.getRegistry().bind("credential", new TestTokenCredential("token"));
        LogAnalyticsConfiguration defaults = context.getComponent("loganalytics", LogAnalyticsComponent.class).getConfiguration();
        defaults.setApi(LogAnalyticsApi.logsIngestion);
        defaults.setEndpoint(logAnalytics.endpoint());
        defaults.setRuleId(RULE);
        defaults.setCredentialType(CredentialType.tokenCredential);
        defaults.setTokenCredential(context.getRegistry().lookupByName("credential"));
        defaults.setBatchTimeout(20);
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:orders").to("loganalytics:Orders");
            }
        };
    }

    @Test
    void recordsLandInTheStreamsTableWithDeclaredColumnsOnly() {
        Exchange result = template.request("direct:orders", e -> e.getMessage().setBody(List.of(
                Map.of("TimeGenerated", "2026-11-25T10:00:00Z", "orderId", "8145d82213a744ad859c36f31a84f6dd",
                        "total", 12.5, "paid", true, "extra", "not declared"),
                "{\"TimeGenerated\":\"2026-11-25T10:00:01Z\",\"total\":3,\"paid\":false}")));

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getHeader(LogAnalyticsConstants.STATUS_CODE)).isEqualTo(204);
        List<Map<String, Object>> rows = logAnalytics.rows("Orders_CL");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("orderId", "8145d822-13a7-44ad-859c-36f31a84f6dd")
                .containsEntry("total", 12.5).containsEntry("paid", true)
                .containsEntry("TimeGenerated", "2026-11-25T10:00:00Z").doesNotContainKey("extra");
        assertThat(rows.get(1)).containsEntry("total", 3.0).containsEntry("paid", false);
    }

    @Test
    void anUndeclaredStreamFailsTheExchangeWithTheServiceCode() {
        Exchange result = template.request("direct:orders", e -> {
            e.getMessage().setBody(Map.of("total", 1));
            e.getMessage().setHeader(LogAnalyticsConstants.LOG_TYPE, "Refunds");
        });

        LogAnalyticsException error = result.getException(LogAnalyticsException.class);
        assertThat(error.getStatusCode()).isEqualTo(404);
        assertThat(error.getErrorCode()).isEqualTo("InvalidStream");
    }
}
