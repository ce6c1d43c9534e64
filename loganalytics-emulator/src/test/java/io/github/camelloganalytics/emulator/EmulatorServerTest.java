package io.github.camelloganalytics.emulator;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The server around the APIs: unexpected failures answer in the API's shape instead of dropping the connection; https
 * with a certificate made at start; the command line reports mistakes in one line.
 */
class EmulatorServerTest {

    @TempDir
    Path dir;

    /** An API that fails the way a bug would. */
    static final class FailingApi implements IngestionApi {
        @Override
        public boolean handles(String path) {
            return path.equals("/fail");
        }

        @Override
        public EmulatorResponse handle(IngestionRequest request) {
            throw new NullPointerException("a bug");
        }

        @Override
        public EmulatorResponse error(int status, String code, String message) {
            return LogsIngestionApi.errorResponse(status, code, message);
        }

        @Override
        public int countRecords(IngestionRequest request) {
            return 0;
        }
    }

    @Test
    void anUnexpectedFailureAnswers500InTheApisErrorShapeAndKeepsTheConnection() throws Exception {
        FaultPlan faults = new FaultPlan();
        try (EmulatorServer server = new EmulatorServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null,
                List.of(new FailingApi()), new ManagementApi(Map.of(), Map.of(), faults), faults)) {
            server.start();
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.address().getPort() + "/fail"))
                    .POST(HttpRequest.BodyPublishers.ofString("[]")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.headers().firstValue("x-ms-error-code")).contains("InternalServerError");
            assertThat(response.body()).contains("\"code\":\"InternalServerError\"", "NullPointerException");
        }
    }

    @Test
    void requestsInProgressCountThoseNotYetAnswered() throws Exception {
        FaultPlan faults = new FaultPlan();
        faults.add(List.of(Fault.latency(1, 60_000)));
        try (EmulatorServer server = new EmulatorServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null,
                List.of(new FailingApi()), new ManagementApi(Map.of(), Map.of(), faults), faults)) {
            server.start();
            HttpClient client = HttpClient.newHttpClient();
            var answer = client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + "/fail"))
                    .POST(HttpRequest.BodyPublishers.ofString("[]")).build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(30)).until(() -> server.ingestionRequestsInProgress() == 1);

            server.close();

            assertThat(server.ingestionRequestsInProgress()).isZero();
            answer.cancel(true);
        }
    }

    @Test
    void overHttpsClientsTrustTheCertificateMadeAtStart() throws Exception {
        try (LogAnalyticsEmulator emulator = LogAnalyticsEmulator.builder().workspace(DataCollectorEmulationTest.WS,
                DataCollectorEmulationTest.KEY).https().start()) {
            assertThat(emulator.endpoint()).startsWith("https://localhost:");
            HttpClient trusting = HttpClient.newBuilder().sslContext(emulator.tls().clientContext()).build();
            HttpResponse<String> response = trusting.send(HttpRequest.newBuilder(URI.create(emulator.endpoint()
                    + "/emulator/workspaces/" + DataCollectorEmulationTest.WS + "/tables")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(emulator.tls().certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(emulator.tls().certificate().getSubjectAlternativeNames()).hasSize(3);
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(emulator.endpoint()
                    + "/emulator/workspaces/" + DataCollectorEmulationTest.WS + "/tables")).build(),
                    HttpResponse.BodyHandlers.ofString())).as("the JVM's default trust does not know it")
                    .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        }
    }

    @Test
    void theCommandLineSaysWhatIsWrongInOneLine() {
        assertThatThrownBy(() -> EmulatorMain.parse(new String[] { "--workspace", "my-workspace:a2V5" }).builder().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage(
                        "workspace id 'my-workspace' is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
        assertThatThrownBy(() -> EmulatorMain.parse(new String[] { "--workspace", DataCollectorEmulationTest.WS + ":not*base64" }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not base64").hasMessageNotContaining("not*base64");
        assertThatThrownBy(() -> EmulatorMain.parse(new String[] { "--port", "eighty" }))
                .hasMessage("--port takes a number, got eighty");
        assertThatThrownBy(() -> EmulatorMain.parse(new String[] { "--dcr", "dcr-1:Custom-X_CL:a=integer" }).builder().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has type integer");
        assertThatThrownBy(() -> EmulatorMain.parse(new String[] { "--cert-out", "x.pem" }))
                .hasMessage("--cert-out goes with --https");
    }

    @Test
    void withoutAWorkspaceTheDataCollectorApiRefusesAsTheUsageSays() throws Exception {
        assertThat(EmulatorMain.USAGE).contains("Without --workspace the Data Collector API refuses every workspace");
        try (LogAnalyticsEmulator emulator = EmulatorMain.parse(new String[] { "--port", "0" }).builder().start()) {
            HttpResponse<String> response = new DataCollectorClient(emulator.endpoint())
                    .post(DataCollectorEmulationTest.WS, DataCollectorEmulationTest.KEY).body("[{\"a\":1}]").send();
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("InvalidCustomerId");
            assertThat(emulator.workspace(LogAnalyticsEmulator.DEFAULT_WORKSPACE)).isNotNull();
        }
    }

    @Test
    void httpsWithACertificateFileForOtherClients() throws Exception {
        Path pem = dir.resolve("cert.pem");
        EmulatorMain.Parsed parsed = EmulatorMain.parse(new String[] { "--port", "0", "--https", "--cert-out", pem.toString() });
        try (LogAnalyticsEmulator emulator = parsed.builder().start()) {
            Files.writeString(pem, emulator.tls().certificatePem());
            assertThat(Files.readString(pem)).contains("BEGIN CERTIFICATE");
            assertThat(emulator.isHttps()).isTrue();
        }
    }
}
