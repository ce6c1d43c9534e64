package io.github.camelloganalytics.transport;

import java.time.Duration;
import java.util.Objects;

import javax.net.ssl.SSLContext;

/**
 * What an HTTP client is built from. Endpoints with equal settings share one client and its connections.
 *
 * @param connectTimeout longest wait to open a connection
 * @param proxy          the proxy, or null for the JVM's default proxy selector
 * @param sslIdentity    what the TLS context was made from (equal identities share a client), or null for the JVM's
 *                       default
 * @param sslContext     the TLS context, or null for the JVM's default
 */
public record HttpClientSettings(Duration connectTimeout, Proxy proxy, Object sslIdentity, SSLContext sslContext) {

    /**
     * An HTTP proxy, with optional Basic authentication.
     *
     * @param host     proxy host
     * @param port     proxy port
     * @param user     user name, or null when the proxy takes no credentials
     * @param password the password; never shown by {@link #toString()}
     */
    public record Proxy(String host, int port, String user, String password) {

        /** host:port, for messages. */
        public String address() {
            return host + ":" + port;
        }

        @Override
        public String toString() {
            return "Proxy[" + address() + (user != null ? ", user " + user + ", password ******" : "") + "]";
        }
    }

    @Override
    public boolean equals(Object other) {
        // the SSL context is made anew per endpoint from the same parameters: what it was made from decides
        return other instanceof HttpClientSettings s && connectTimeout.equals(s.connectTimeout)
               && Objects.equals(proxy, s.proxy) && sslIdentity == s.sslIdentity;
    }

    @Override
    public int hashCode() {
        return Objects.hash(connectTimeout, proxy, System.identityHashCode(sslIdentity));
    }
}
