package io.github.camelloganalytics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.github.camelloganalytics.emulator.EmulatorClock;
import io.github.camelloganalytics.emulator.LogAnalyticsEmulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passwordless, as on Azure: the default credential (azure-identity's DefaultAzureCredential) finds a managed identity
 * through the endpoint the platform announces in {@code IDENTITY_ENDPOINT} and {@code IDENTITY_HEADER}. The build runs
 * this class in a JVM whose environment names a loopback endpoint, served here, so the request azure-identity makes
 * can be checked and the token it returns is the one the emulator accepts.
 */
class ManagedIdentityTest extends CamelTestSupport {

    static final String RULE = "dcr-000a00a000a00000a000000aa000a0aa";
    static final String CLIENT_ID = "0f4d2c6e-1b3a-4c5d-8e9f-a1b2c3d4e5f6";
    static final String OTHER_CLIENT_ID = "6c1d9e2f-3a4b-4c5d-9e8f-f6e5d4c3b2a1";
    static final String TOKEN = "managed-identity-token";

    @RegisterExtension
    static LogAnalyticsEmulatorExtension logAnalytics = LogAnalyticsEmulatorExtension
            .withDataCollectionRule(RULE, "Custom-Orders_CL", Map.of("total", "real"))
            .andToken(TOKEN);

    final List<String> tokenRequests = new CopyOnWriteArrayList<>();
    private HttpServer identityEndpoint;

    /** Serves the managed identity endpoint on the port the environment names, as App Service does. */
    private void serveIdentityEndpoint() throws IOException {
        int port = Integer.getInteger("identity.port");
        identityEndpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 8);
        identityEndpoint.createContext("/msi/token", exchange -> {
            tokenRequests.add(exchange.getRequestURI().getQuery() + " header="
                              + exchange.getRequestHeaders().getFirst("X-IDENTITY-HEADER"));
            long expiresOn = EmulatorClock.now().getEpochSecond() + 3600;
            byte[] body = ("{\"access_token\":\"" + TOKEN + "\",\"expires_on\":\"" + expiresOn + "\",\"resource\":"
                           + "\"https://monitor.azure.com\",\"token_type\":\"Bearer\",\"client_id\":\"" + CLIENT_ID + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        identityEndpoint.start();
    }

    @AfterEach
    void stopIdentityEndpoint() {
        if (identityEndpoint != null) {
            identityEndpoint.stop(0);
        }
    }

    static String orders(String options) {
        return "loganalytics:Orders?endpoint=" + logAnalytics.endpoint() + "&ruleId=" + RULE + "&batchTimeout=20"
               + (options.isEmpty() ? "" : "&" + options);
    }

    @Test
    void aUserAssignedManagedIdentityIsChosenByItsClientIdAndItsTokenIsAccepted() throws Exception {
        serveIdentityEndpoint();

        Exchange result = template.request(orders("clientId=" + CLIENT_ID), e -> e.getMessage().setBody(Map.of("total", 3)));

        assertThat(result.getException()).isNull();
        assertThat(logAnalytics.rows("Orders_CL")).hasSize(1);
        assertThat(tokenRequests).isNotEmpty().allSatisfy(request -> assertThat(request)
                .contains("client_id=" + CLIENT_ID, "resource=https://monitor.azure.com", "header=test-identity-header"));
    }

    @Test
    void aTokenServiceThatCannotBeReachedForAMomentIsRetried() throws Exception {
        // nothing listens yet: the first attempts meet a refused connection, which azure-identity wraps
        // another identity than the other test's, whose token azure-identity may still hold
        CompletableFuture<Exchange> result = template.asyncSend(orders("clientId=" + OTHER_CLIENT_ID
                + "&startupCheck=false&retryBackoff=100&maxRetryBackoff=200&deliveryTimeout=60000"),
                e -> e.getMessage().setBody(Map.of("total", 4)));
        LogAnalyticsEndpoint endpoint = context.getEndpoints().stream().filter(LogAnalyticsEndpoint.class::isInstance)
                .map(LogAnalyticsEndpoint.class::cast).findFirst().orElseThrow();
        Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> endpoint.getRetries() > 0);

        serveIdentityEndpoint();

        assertThat(result.get(60, TimeUnit.SECONDS).getException()).as("delivered once the endpoint answered").isNull();
        assertThat(logAnalytics.rows("Orders_CL")).hasSize(1);
    }
}
