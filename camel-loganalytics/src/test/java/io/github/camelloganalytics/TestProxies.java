package io.github.camelloganalytics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * Proxies for tests: a forwarding proxy for http targets that may ask for Basic credentials, and a CONNECT tunnel for
 * https targets.
 */
final class TestProxies {

    private TestProxies() {
    }

    /** Forwards absolute-form requests; with credentials set, answers 407 until the right ones come. */
    static final class ForwardingProxy implements AutoCloseable {
        private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "proxy-authorization",
                "proxy-connection", "keep-alive", "transfer-encoding", "upgrade", "te", "expect");
        final HttpServer server;
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger forwarded = new AtomicInteger();
        private final HttpClient client = HttpClient.newHttpClient();

        ForwardingProxy(String user, String password) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            String expected = user == null ? null
                    : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            server.createContext("/", exchange -> {
                try (exchange) {
                    String given = exchange.getRequestHeaders().getFirst("Proxy-Authorization");
                    if (expected != null && !expected.equals(given)) {
                        refused.incrementAndGet();
                        exchange.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"test\"");
                        exchange.sendResponseHeaders(407, -1);
                        return;
                    }
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    HttpRequest.Builder forward = HttpRequest.newBuilder(exchange.getRequestURI())
                            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
                    exchange.getRequestHeaders().forEach((name, values) -> {
                        if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                            values.forEach(value -> forward.header(name, value));
                        }
                    });
                    HttpResponse<byte[]> response = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                    forwarded.incrementAndGet();
                    response.headers().map().forEach((name, values) -> {
                        if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                            values.forEach(value -> exchange.getResponseHeaders().add(name, value));
                        }
                    });
                    byte[] answer = response.body();
                    exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
                    if (answer.length > 0) {
                        exchange.getResponseBody().write(answer);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** Answers CONNECT and pipes bytes both ways. */
    static final class TunnelProxy implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger tunnels = new AtomicInteger();

        TunnelProxy() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket client = socket.accept();
                        Thread handler = new Thread(() -> tunnel(client), "tunnel");
                        handler.setDaemon(true);
                        handler.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "tunnel-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void tunnel(Socket client) {
            try (client) {
                InputStream in = client.getInputStream();
                String head = readHead(in);
                String[] request = head.split("\r\n")[0].split(" ");
                if (!"CONNECT".equals(request[0])) {
                    client.getOutputStream().write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                URI target = URI.create("tcp://" + request[1]);
                try (Socket upstream = new Socket(target.getHost(), target.getPort())) {
                    tunnels.incrementAndGet();
                    client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    client.getOutputStream().flush();
                    Thread down = new Thread(() -> pipe(upstream, client), "tunnel-down");
                    down.setDaemon(true);
                    down.start();
                    pipe(client, upstream);
                    down.join();
                }
            } catch (IOException | InterruptedException e) {
                // the tunnel ends when either side closes
            }
        }

        private static void pipe(Socket from, Socket to) {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
                to.shutdownOutput();
            } catch (IOException e) {
                // closed
            }
        }

        private static String readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                head.append((char) b);
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    break;
                }
            }
            return head.toString();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
    }
}
