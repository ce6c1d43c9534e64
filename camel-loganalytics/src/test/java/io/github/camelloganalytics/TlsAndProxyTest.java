package io.github.camelloganalytics;

import java.nio.file.Path;
import java.util.Map;

import io.github.camelloganalytics.emulator.LogAnalyticsEmulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real TLS server (the emulator over https) and real proxies in front of the service: trust configured through
 * sslContextParameters works, trust failures are final and say so, and a proxy that refuses or is not there is named.
 */
class TlsAndProxyTest extends CamelTestSupport {

    static final String WS = WireMockServiceSupport.WORKSPACE;
    static final String KEY = WireMockServiceSupport.KEY;

    @RegisterExtension
    static LogAnalyticsEmulatorExtension https = LogAnalyticsEmulatorExtension.withWorkspace(WS, KEY).overHttps();

    @RegisterExtension
    static LogAnalyticsEmulatorExtension plain = LogAnalyticsEmulatorExtension.withWorkspace(WS, KEY);

    @TempDir
    static Path dir;

    static String uri(String logType, String endpoint, String options) {
        return "loganalytics:" + logType + "?workspaceId=" + WS + "&sharedKey=RAW(" + KEY + ")&endpoint=" + endpoint
               + "&batchTimeout=10&retryBackoff=10" + (options.isEmpty() ? "" : "&" + options);
    }

    private Exchange send(String uri) {
        return template.request(uri, e -> e.getMessage().setBody(Map.of("a", 1)));
    }

    @Test
    void aServerTrustedThroughSslContextParametersTakesTheRecords() throws Exception {
        context.getRegistry().bind("emulatorTls", trusting("emulator.p12"));

        Exchange result = send(uri("Trusted", https.endpoint(), "sslContextParameters=#emulatorTls"));

        assertThat(result.getException()).isNull();
        assertThat(https.rows("Trusted_CL")).hasSize(1);
    }

    @Test
    void anUntrustedCertificateIsFinalAndSaysSo() {
        Exchange result = send(uri("Untrusted", https.endpoint(), "maxRetries=5"));

        LogAnalyticsException failure = result.getException(LogAnalyticsException.class);
        assertThat(failure).hasMessageContaining("TLS failed: the certificate of localhost:" + https.emulator().port()
                                                 + " is not trusted");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getAttempts()).isEqualTo(1);
    }

    @Test
    void anHttpsEndpointOnAPlainHttpServerSaysTlsFailed() throws Exception {
        // a plain http server that answers whatever it is sent, as most do to a TLS hello
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread answerer = new Thread(() -> {
                while (!server.isClosed()) {
                    try (java.net.Socket client = server.accept()) {
                        client.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            answerer.setDaemon(true);
            answerer.start();
            Exchange result = send(uri("Plain", "https://localhost:" + server.getLocalPort(), "maxRetries=5"));

            LogAnalyticsException failure = result.getException(LogAnalyticsException.class);
            assertThat(failure).hasMessageContaining("did not answer in TLS");
            assertThat(failure.isRetryable()).isFalse();
            assertThat(failure.getAttempts()).isEqualTo(1);
        }
    }

    @Test
    void httpsGoesThroughAConnectProxy() throws Exception {
        try (TestProxies.TunnelProxy proxy = new TestProxies.TunnelProxy()) {
            context.getRegistry().bind("emulatorTls2", trusting("emulator2.p12"));
            Exchange result = send(uri("Tunnelled", https.endpoint(),
                    "sslContextParameters=#emulatorTls2&proxyHost=127.0.0.1&proxyPort=" + proxy.port()));

            assertThat(result.getException()).isNull();
            assertThat(proxy.tunnels.get()).isPositive();
            assertThat(https.rows("Tunnelled_CL")).hasSize(1);
        }
    }

    @Test
    void aProxyThatAsksForCredentialsGetsThem() throws Exception {
        try (TestProxies.ForwardingProxy proxy = new TestProxies.ForwardingProxy("la", "s3cret")) {
            Exchange result = send(uri("Proxied", plain.endpoint(),
                    "proxyHost=127.0.0.1&proxyPort=" + proxy.port() + "&proxyUser=la&proxyPassword=RAW(s3cret)"));

            assertThat(result.getException()).isNull();
            assertThat(proxy.forwarded.get()).isPositive();
            assertThat(plain.rows("Proxied_CL")).hasSize(1);
        }
    }

    @Test
    void aProxyThatRefusesIsNamedAndNotRetried() throws Exception {
        try (TestProxies.ForwardingProxy proxy = new TestProxies.ForwardingProxy("la", "s3cret")) {
            Exchange noCredentials = send(uri("NoCredentials", plain.endpoint(),
                    "maxRetries=5&proxyHost=127.0.0.1&proxyPort=" + proxy.port()));
            Exchange wrongCredentials = send(uri("WrongCredentials", plain.endpoint(),
                    "maxRetries=5&proxyHost=127.0.0.1&proxyPort=" + proxy.port() + "&proxyUser=la&proxyPassword=RAW(wrong)"));

            for (Exchange result : new Exchange[] { noCredentials, wrongCredentials }) {
                LogAnalyticsException failure = result.getException(LogAnalyticsException.class);
                assertThat(failure).hasMessageContaining("the proxy 127.0.0.1:" + proxy.port() + " refused");
                assertThat(failure.isRetryable()).isFalse();
                assertThat(failure.getMessage()).doesNotContain("wrong");
            }
        }
    }

    @Test
    void anUnreachableProxyIsNamed() {
        int closed = DeliveryTest.freePort();
        Exchange result = send(uri("NoProxy", plain.endpoint(), "maxRetries=1&proxyHost=127.0.0.1&proxyPort=" + closed));

        assertThat(result.getException(LogAnalyticsException.class))
                .hasMessageContaining("cannot connect to the proxy 127.0.0.1:" + closed);
    }

    /** Camel TLS parameters that trust the emulator's certificate through a trust store file. */
    private static SSLContextParameters trusting(String file) throws Exception {
        Path trustStore = dir.resolve(file);
        https.tls().writeTrustStore(trustStore, "changeit");
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource("file:" + trustStore);
        store.setPassword("changeit");
        store.setType("PKCS12");
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(store);
        SSLContextParameters tls = new SSLContextParameters();
        tls.setTrustManagers(trust);
        return tls;
    }
}
