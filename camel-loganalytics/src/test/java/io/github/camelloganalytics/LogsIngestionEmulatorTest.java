package io.github.camelloganalytics;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.camelloganalytics.emulator.EmulatorClock;
import io.github.camelloganalytics.emulator.Fault;
import io.github.camelloganalytics.emulator.LogAnalyticsEmulatorExtension;
import io.github.camelloganalytics.emulator.StreamDrops;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routes on the Logs Ingestion API against the emulator: records land in the stream's table with its declared columns,
 * what the service would drop silently shows in the emulator's report, TimeGenerated comes from the time field, and
 * mistakes in the target fail the start with their fix.
 */
class LogsIngestionEmulatorTest extends CamelTestSupport {

    static final String RULE = "dcr-000a00a000a00000a000000aa000a0aa";
    static final String UNKNOWN_RULE = "dcr-99999999999999999999999999999999";
    static final String TOKEN = "token-1";

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
            .andToken(TOKEN);

    /** An endpoint of the emulator's rule, with no api option: the rule and endpoint select Logs Ingestion. */
    static String orders(String options) {
        return "loganalytics:Orders?endpoint=" + logAnalytics.endpoint() + "&ruleId=" + RULE
               + "&tokenCredential=#credential&batchTimeout=20" + (options.isEmpty() ? "" : "&" + options);
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        context.getRegistry().bind("credential", TestTokenCredential.fixed(TOKEN));
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:orders").to(orders(""));
            }
        };
    }

    /** An hour ago on the emulator's clock, in whole seconds: within the window the service keeps. */
    static String anHourAgo(int plusSeconds) {
        return EmulatorClock.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).plusSeconds(plusSeconds)
                .toString();
    }

    private Throwable startFailure(String uri) {
        try {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:check").to(uri);
                }
            });
            return null;
        } catch (Exception e) {
            Throwable t = e;
            while (t.getCause() != null && !(t instanceof IllegalStateException)) {
                t = t.getCause();
            }
            return t;
        }
    }

    @Test
    void recordsLandInTheStreamsTableWithDeclaredColumnsOnly() {
        String first = anHourAgo(0);
        Exchange result = template.request("direct:orders", e -> e.getMessage().setBody(List.of(
                Map.of("TimeGenerated", first, "orderId", "8145d82213a744ad859c36f31a84f6dd",
                        "total", 12.5, "paid", true),
                "{\"TimeGenerated\":\"" + anHourAgo(1) + "\",\"total\":3,\"paid\":false}")));

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getHeader(LogAnalyticsConstants.STATUS_CODE)).isEqualTo(204);
        List<Map<String, Object>> rows = logAnalytics.rows("Orders_CL");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("orderId", "8145d822-13a7-44ad-859c-36f31a84f6dd")
                .containsEntry("total", 12.5).containsEntry("paid", true).containsEntry("TimeGenerated", first);
        assertThat(rows.get(1)).containsEntry("total", 3.0).containsEntry("paid", false);
        assertThat(logAnalytics.drops("Custom-Orders_CL").isEmpty()).isTrue();
    }

    @Test
    void aRecordThatDoesNotMatchItsRuleIsAcceptedAndItsDropsAreReported() {
        Exchange result = template.request("direct:orders", e -> e.getMessage().setBody(Map.of(
                "TimeGenerated", "2020-01-01T00:00:00Z", "orderID", "8145d82213a744ad859c36f31a84f6dd",
                "total", "twelve", "paid", true)));

        assertThat(result.getException()).as("the service answers 204 all the same").isNull();
        StreamDrops drops = logAnalytics.drops("Custom-Orders_CL");
        assertThat(drops.droppedColumns()).as("a column name in the wrong case").containsEntry("orderID", 1L);
        assertThat(drops.unconvertedValues()).containsEntry("total", 1L);
        assertThat(drops.timeGeneratedReplaced()).as("a TimeGenerated older than 2 days").isEqualTo(1);
        Map<String, Object> row = logAnalytics.rows("Orders_CL").get(0);
        assertThat(row).doesNotContainKeys("orderId", "total").containsEntry("paid", true);
        assertThat(Instant.parse((String) row.get("TimeGenerated"))).isAfter(EmulatorClock.now().minus(1, ChronoUnit.HOURS));
    }

    @Test
    void timeGeneratedFieldSetsEachRecordsTimeGeneratedAsOnTheDataCollectorApi() throws Exception {
        String at = anHourAgo(0);
        Exchange result = template.request(orders("timeGeneratedField=at"), e -> e.getMessage().setBody(
                Map.of("at", at, "total", 7)));

        assertThat(result.getException()).isNull();
        assertThat(logAnalytics.rows("Orders_CL").get(0)).containsEntry("TimeGenerated", at).containsEntry("total", 7.0);
        assertThat(logAnalytics.drops("Custom-Orders_CL").droppedColumns()).as("at itself is not declared")
                .containsOnlyKeys("at");
    }

    @Test
    void anUndeclaredStreamFailsTheExchangeWithTheServiceCodeAndTheFix() {
        Exchange result = template.request("direct:orders", e -> {
            e.getMessage().setBody(Map.of("total", 1));
            e.getMessage().setHeader(LogAnalyticsConstants.LOG_TYPE, "Refunds");
        });

        LogAnalyticsException error = result.getException(LogAnalyticsException.class);
        assertThat(error.getStatusCode()).isEqualTo(404);
        assertThat(error.getErrorCode()).isEqualTo("InvalidStream");
        assertThat(error.getMessage()).contains("must name a stream of the rule's streamDeclarations");
    }

    @Test
    void anUnknownStreamFailsTheStartWithTheFix() {
        assertThat(startFailure(orders("streamName=Custom-Refunds_CL")))
                .hasMessageContaining("The Logs Ingestion API refused")
                .hasMessageContaining("HTTP 404 (InvalidStream")
                .hasMessageContaining("Custom- prefix included")
                .hasMessageContaining("startupCheck=false skips this check");
    }

    @Test
    void anUnknownRuleFailsTheStartWithTheFix() {
        assertThat(startFailure(orders("").replace(RULE, UNKNOWN_RULE)))
                .hasMessageContaining("HTTP 404 (InvalidDcrImmutableId")
                .hasMessageContaining("check ruleId (the rule's immutableId, dcr-...)");
    }

    @Test
    void aRefusedTokenFailsTheStartWithTheFix() {
        context.getRegistry().bind("stranger", new TestTokenCredential("stranger"));
        assertThat(startFailure(orders("").replace("#credential", "#stranger")))
                .hasMessageContaining("HTTP 401 (InvalidAuthenticationToken")
                .hasMessageContaining("check tenantId, and that the token audience matches the endpoint's cloud");
    }

    @Test
    void aMissingRoleFailsTheStartWithTheFix() {
        logAnalytics.emulator().faults().add(List.of(Fault.status(1, 403).withBody(
                "{\"error\":{\"code\":\"OperationFailed\",\"message\":\"The authentication token provided does not"
                + " have access to ingest data for the data collection rule\"}}")));
        assertThat(startFailure(orders("batchSize=5")))
                .hasMessageContaining("HTTP 403 (OperationFailed")
                .hasMessageContaining("Monitoring Metrics Publisher role on the data collection rule");
    }

    @Test
    void theStartupCheckCanBeTurnedOff() {
        assertThat(startFailure(orders("streamName=Custom-Refunds_CL&startupCheck=false"))).isNull();
    }
}
