package io.github.camelloganalytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bad exchange fails alone, at once, with a message naming the problem; the good ones sent alongside all land.
 */
class BadInputTest extends WireMockServiceSupport {

    @BeforeEach
    void acceptEverything() {
        service.stubFor(post(urlPathEqualTo("/api/logs")).willReturn(ok()));
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ship").to(uri("AppEvents", "batchTimeout=100&batchMaxBytes=2000"));
                from("direct:roomy").to(uri("AppEvents", "batchTimeout=10"));
            }
        };
    }

    private record Case(Object body, String logType, String expectedMessage) {
    }

    @Test
    void eachBadExchangeFailsWithItsOwnErrorWhileGoodOnesLand() throws Exception {
        List<Case> bad = List.of(
                new Case(null, null, "body is null, not a JSON object"),
                new Case(17, null, "body is a java.lang.Integer, not a JSON object"),
                new Case("hello world", null, "body is text that is not valid JSON"),
                new Case("{\"a\": ", null, "not valid JSON"),
                new Case("[{\"a\":1}, \"x\"]", null, "body element 1 is a JSON string, not a JSON object"),
                new Case("{\"v\": NaN}", null, "not valid JSON"),
                new Case(new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' }, null,
                        "body is bytes that are not valid UTF-8 JSON"),
                new Case("[".repeat(1500) + "]".repeat(1500), null, "nesting depth"),
                new Case(Map.of("blob", "x".repeat(3000)), null, "more than the 1998 bytes a request can carry"),
                new Case(Map.of("RawData", "x"), null, "has the property 'RawData', which the service reserves"),
                new Case(Map.of("a", 1), "Bad-Type!", "the CamelLogAnalyticsLogType header 'Bad-Type!' must be 1 to 100 letters, digits or underscores"));

        List<CompletableFuture<Exchange>> good = new ArrayList<>();
        List<CompletableFuture<Exchange>> failed = new ArrayList<>();
        for (int i = 0; i < bad.size(); i++) {
            int n = i;
            good.add(template.asyncSend("direct:ship", e -> e.getMessage().setBody(Map.of("good", n))));
            Case c = bad.get(i);
            failed.add(template.asyncSend("direct:ship", e -> {
                e.getMessage().setBody(c.body());
                if (c.logType() != null) {
                    e.getMessage().setHeader(LogAnalyticsConstants.LOG_TYPE, c.logType());
                }
            }));
        }

        for (int i = 0; i < bad.size(); i++) {
            Exchange result = failed.get(i).get(10, TimeUnit.SECONDS);
            assertThat(result.getException()).as("case %d", i).isInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining(bad.get(i).expectedMessage())
                    .hasMessageContaining(result.getExchangeId());
        }
        for (CompletableFuture<Exchange> f : good) {
            assertThat(f.get(10, TimeUnit.SECONDS).getException()).isNull();
        }
        assertThat(recordCount()).isEqualTo(bad.size());
        assertThat(received()).allSatisfy(r -> assertThat(records(r)).allSatisfy(rec -> assertThat(rec.has("good")).isTrue()));
    }

    @Test
    void fieldOverTheServiceLimitIsSentCountedAndWarnedOnce() throws Exception {
        try (LogCapture warnings = new LogCapture(org.apache.logging.log4j.Level.WARN, "io.github.camelloganalytics")) {
            for (int i = 0; i < 3; i++) {
                Exchange result = template.request("direct:roomy", e -> e.getMessage().setBody(Map.of("long", "x".repeat(40_000))));
                assertThat(result.getException()).isNull();
            }
            assertThat(warnings.lines()).filteredOn(l -> l.contains("the service truncates field values over 32768 bytes"))
                    .hasSize(1);
        }
        LogAnalyticsEndpoint endpoint = context.getEndpoints().stream().filter(LogAnalyticsEndpoint.class::isInstance)
                .map(LogAnalyticsEndpoint.class::cast).filter(e -> !e.getEndpointUri().contains("batchMaxBytes")).findFirst().orElseThrow();
        assertThat(endpoint.getOversizedFieldValues()).isEqualTo(3);
        assertThat(recordCount()).isEqualTo(3);
    }
}
