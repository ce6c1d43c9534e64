package io.github.camelloganalytics.transport;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * One JDK HTTP client per distinct {@link HttpClientSettings}, shared by every endpoint that uses those settings, so
 * connections and the client's selector thread do not multiply with endpoints. Clients are counted out as endpoints
 * release them and closed when the last one goes (on Java 21 and later; before that the JDK ends a client's thread
 * once it is unreachable).
 */
public final class SharedHttpClients {

    private final Executor executor;
    private final Map<HttpClientSettings, Entry> clients = new HashMap<>();

    /**
     * @param executor runs the clients' own asynchronous tasks
     */
    public SharedHttpClients(Executor executor) {
        this.executor = executor;
    }

    /** The client for these settings, made on first use; give it back with {@link #release}. */
    public synchronized HttpClient acquire(HttpClientSettings settings) {
        Entry entry = clients.computeIfAbsent(settings, s -> new Entry(build(s, executor)));
        entry.users++;
        return entry.client;
    }

    public synchronized void release(HttpClientSettings settings) {
        Entry entry = clients.get(settings);
        if (entry != null && --entry.users == 0) {
            clients.remove(settings);
            close(entry.client);
        }
    }

    /** Closes every client. */
    public synchronized void closeAll() {
        clients.values().forEach(entry -> close(entry.client));
        clients.clear();
    }

    private static void close(HttpClient client) {
        // HttpClient is AutoCloseable from Java 21 on
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing is best effort: the client is unreachable from here on anyway
            }
        }
    }

    /**
     * HTTP/1.1 (one request per connection at a time keeps timeouts per request simple), no redirects (the services
     * never redirect; a redirect means a wrong endpoint), the configured timeout, proxy and TLS.
     */
    static HttpClient build(HttpClientSettings settings, Executor executor) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor);
        HttpClientSettings.Proxy proxy = settings.proxy();
        if (proxy != null) {
            // proxy credentials travel as a Proxy-Authorization header on each request (see JdkRequestSender): with an
            // Authenticator the JDK client drops the request's own Authorization header, which carries the signature
            builder.proxy(ProxySelector.of(InetSocketAddress.createUnresolved(proxy.host(), proxy.port())));
        } else if (ProxySelector.getDefault() != null) {
            builder.proxy(ProxySelector.getDefault());
        }
        if (settings.sslContext() != null) {
            builder.sslContext(settings.sslContext());
        }
        return builder.build();
    }

    private static final class Entry {
        final HttpClient client;
        int users;

        Entry(HttpClient client) {
            this.client = client;
        }
    }
}
