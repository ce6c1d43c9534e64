package io.github.camelloganalytics.emulator;

import java.io.IOException;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Faults planned over HTTP or the Java API apply to ingestion requests in order, then the emulator serves normally.
 */
class FaultInjectionTest {

    static final String WS = DataCollectorEmulationTest.WS;
    static final String KEY = DataCollectorEmulationTest.KEY;

    @RegisterExtension
    static LogAnalyticsEmulatorExtension emulator = LogAnalyticsEmulatorExtension.withWorkspace(WS, KEY);

    DataCollectorClient client;

    @BeforeEach
    void client() {
        client = new DataCollectorClient(emulator.endpoint());
    }

    HttpResponse<String> send() throws Exception {
        return client.post(WS, KEY).body("[{\"a\":1}]").send();
    }

    @Test
    void statusFaultsWithRetryAfterApplyToTheNextRequestsOnly() throws Exception {
        HttpResponse<String> planned = client.postJson("/emulator/faults",
                "{\"faults\":[{\"count\":2,\"status\":429,\"retryAfter\":\"3\"},{\"count\":1,\"status\":503}]}");
        assertThat(planned.statusCode()).isEqualTo(200);

        HttpResponse<String> first = send();
        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("Retry-After")).contains("3");
        assertThat(send().statusCode()).isEqualTo(429);
        assertThat(send().statusCode()).isEqualTo(503);
        assertThat(send().statusCode()).isEqualTo(200);
        assertThat(emulator.rows("AppEvents_CL")).hasSize(1);
    }

    @Test
    void latencyDelaysTheAnswer() throws Exception {
        emulator.emulator().faults().add(java.util.List.of(Fault.latency(1, 400)));

        long start = System.nanoTime();
        assertThat(send().statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(400);
    }

    @Test
    void droppedConnectionsGiveNoAnswer() throws Exception {
        emulator.emulator().faults().add(java.util.List.of(
                Fault.drop(1, Fault.DROP_BEFORE_READ), Fault.drop(1, Fault.DROP_AFTER_READ)));

        assertThatThrownBy(this::send).isInstanceOf(IOException.class);
        assertThatThrownBy(this::send).isInstanceOf(IOException.class);
        assertThat(emulator.rows("AppEvents_CL")).isEmpty();
        assertThat(send().statusCode()).isEqualTo(200);
    }

    @Test
    void aSlowAnswerComesAfterTheRecordsAreStored() throws Exception {
        emulator.emulator().faults().add(java.util.List.of(Fault.slowAnswer(1, 60_000)));

        java.util.concurrent.CompletableFuture<HttpResponse<String>> answer = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> {
                    try {
                        return send();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> emulator.rows("AppEvents_CL").size() == 1);

        assertThat(answer).as("stored, and not answered yet").isNotDone();
    }

    @Test
    void droppedAfterStoreKeepsTheRecordsButLosesTheAnswer() throws Exception {
        emulator.emulator().faults().add(java.util.List.of(Fault.drop(1, Fault.DROP_AFTER_STORE)));

        assertThatThrownBy(this::send).isInstanceOf(IOException.class);
        assertThat(emulator.rows("AppEvents_CL")).hasSize(1);
    }

    @Test
    void deletingTheFaultsRestoresNormalService() throws Exception {
        client.postJson("/emulator/faults", "{\"count\":-1,\"status\":500}");
        assertThat(send().statusCode()).isEqualTo(500);
        assertThat(send().statusCode()).isEqualTo(500);

        assertThat(client.delete("/emulator/faults").statusCode()).isEqualTo(204);
        assertThat(send().statusCode()).isEqualTo(200);
    }

    @Test
    void invalidPlansAreRefused() throws Exception {
        assertThat(client.postJson("/emulator/faults", "{\"count\":1,\"drop\":\"sometimes\"}").statusCode()).isEqualTo(400);
        assertThat(client.postJson("/emulator/faults", "{\"count\":0,\"status\":500}").statusCode()).isEqualTo(400);
    }
}
