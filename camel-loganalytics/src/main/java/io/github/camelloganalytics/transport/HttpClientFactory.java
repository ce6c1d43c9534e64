package io.github.camelloganalytics.transport;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;

import javax.net.ssl.SSLContext;

/**
 * Builds the JDK HTTP client an endpoint sends with: HTTP/1.1 (one request per connection keeps retries and
 * timeouts per request simple), the configured connect timeout, proxy and TLS.
 */
public final class HttpClientFactory {

    private HttpClientFactory() {
    }

    /**
     * @param proxyHost  proxy host, or null for the JVM's default proxy selector
     * @param sslContext TLS context, or null for the JVM default
     */
    public static HttpClient create(Duration connectTimeout, String proxyHost, Integer proxyPort, SSLContext sslContext) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (proxyHost != null) {
            builder.proxy(ProxySelector.of(InetSocketAddress.createUnresolved(proxyHost, proxyPort != null ? proxyPort : 80)));
        } else if (ProxySelector.getDefault() != null) {
            builder.proxy(ProxySelector.getDefault());
        }
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        return builder.build();
    }
}
