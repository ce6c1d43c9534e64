package io.github.camelloganalytics.emulator.sdk;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.monitor.ingestion.LogsIngestionClient;
import com.azure.monitor.ingestion.LogsIngestionClientBuilder;
import com.azure.monitor.ingestion.models.LogsUploadException;
import com.azure.monitor.ingestion.models.LogsUploadOptions;
import io.github.camelloganalytics.emulator.EmulatorClock;
import io.github.camelloganalytics.emulator.LogAnalyticsEmulatorExtension;
import io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Microsoft's Java client for the Logs Ingestion API (com.azure:azure-monitor-ingestion) against the emulator over
 * https, as users meet it: what the client reports and what is stored must be what the service would give.
 */
class LogsIngestionSdkTest {

    static final String WORKSPACE = "11111111-2222-3333-4444-555555555555";
    static final String RULE = "dcr-000a00a000a00000a000000aa000a0aa";
    static final String STREAM = "Custom-Orders_CL";
    static final String TOKEN = "sdk-test-token";

    static Map<String, String> columns() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("TimeGenerated", "datetime");
        columns.put("orderId", "string");
        columns.put("total", "real");
        columns.put("items", "int");
        columns.put("note", "string");
        return columns;
    }

    @RegisterExtension
    static LogAnalyticsEmulatorExtension emulator = LogAnalyticsEmulatorExtension
            .withWorkspace(WORKSPACE, "ZW11bGF0b3Itc2RrLXRlc3Qta2V5LTAxMjM0NTY3ODk=")
            .andDataCollectionRule(RULE, STREAM, columns())
            .andToken(TOKEN)
            .overHttps();

    static LogsIngestionClient client(String token) {
        // the SDK's own Netty transport, trusting exactly the emulator's certificate
        io.netty.handler.ssl.SslContext trusting;
        try {
            trusting = SslContextBuilder.forClient().trustManager(emulator.tls().certificate()).build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException(e);
        }
        reactor.netty.http.client.HttpClient netty = reactor.netty.http.client.HttpClient.create()
                .secure(tls -> tls.sslContext(trusting));
        HttpClient http = new NettyAsyncHttpClientBuilder(netty).build();
        TokenCredential credential = request -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
        return new LogsIngestionClientBuilder()
                .endpoint(emulator.endpoint())
                .credential(credential)
                .httpClient(http)
                .retryOptions(new RetryOptions(new FixedDelayOptions(1, java.time.Duration.ofMillis(10))))
                .buildClient();
    }

    static Map<String, Object> order(int n) {
        Map<String, Object> order = new LinkedHashMap<>();
        // an hour ago, within the TimeGenerated window the service keeps
        order.put("TimeGenerated", EmulatorClock.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString());
        order.put("orderId", "order-" + n);
        order.put("total", 12.5 + n);
        order.put("items", n % 7);
        return order;
    }

    @Test
    void aSmallUploadLandsWithItsDeclaredTypes() {
        Map<String, Object> first = order(1);
        client(TOKEN).upload(RULE, STREAM, List.of(first, order(2), order(3)));

        List<Map<String, Object>> rows = emulator.rows("Orders_CL");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsEntry("orderId", "order-1").containsEntry("total", 13.5).containsEntry("items", 1L)
                .containsEntry("TimeGenerated", first.get("TimeGenerated"));
        assertThat(emulator.drops(STREAM).isEmpty()).as("nothing dropped silently").isTrue();
    }

    @Test
    void aFiveMegabyteUploadIsSplitIntoChunksThatAllLand() {
        List<Object> logs = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            Map<String, Object> order = order(i);
            order.put("note", "x".repeat(200) + i);
            logs.add(order);
        }
        long before = emulator.emulator().ingestionRequests();

        client(TOKEN).upload(RULE, STREAM, logs, new LogsUploadOptions().setMaxConcurrency(2));

        assertThat(emulator.rows("Orders_CL")).hasSize(20_000);
        assertThat(emulator.emulator().ingestionRequests() - before).as("chunks of at most 1 MiB each").isGreaterThanOrEqualTo(5);
    }

    @Test
    void anUndeclaredColumnIsDroppedAndAMistypedValueLeavesItsCellEmpty() {
        Map<String, Object> odd = order(4);
        odd.put("undeclared", "ignored");
        odd.put("items", "many");
        odd.put("total", true);

        client(TOKEN).upload(RULE, STREAM, List.of(odd));

        Map<String, Object> row = emulator.rows("Orders_CL").get(0);
        assertThat(row).doesNotContainKeys("undeclared", "items", "total").containsEntry("orderId", "order-4");
    }

    @Test
    void aWrongTokenIsRefusedWith401() {
        assertThatThrownBy(() -> client("wrong-token").upload(RULE, STREAM, List.of(order(5))))
                .isInstanceOf(LogsUploadException.class)
                .satisfies(e -> assertThat(((LogsUploadException) e).getLogsUploadErrors())
                        .allSatisfy(error -> assertThat(error.getResponse().getStatusCode()).isEqualTo(401)));
        assertThat(emulator.rows("Orders_CL")).isEmpty();
    }

    @Test
    void anUnknownRuleOrStreamIsNotFoundWithTheServicesErrorCode() {
        for (String[] target : new String[][] { { "dcr-ffffffffffffffffffffffffffffffff", STREAM }, { RULE, "Custom-Nope_CL" } }) {
            LogsUploadException failure = org.junit.jupiter.api.Assertions.assertThrows(LogsUploadException.class,
                    () -> client(TOKEN).upload(target[0], target[1], List.of(order(6))));
            HttpResponseException error = failure.getLogsUploadErrors().get(0);
            assertThat(error.getResponse().getStatusCode()).isEqualTo(404);
            assertThat(error.getResponse().getHeaderValue("x-ms-error-code")).isIn("InvalidDcrImmutableId", "InvalidStream");
            assertThat(error.getMessage()).contains(error.getResponse().getHeaderValue("x-ms-error-code"));
        }
    }
}
