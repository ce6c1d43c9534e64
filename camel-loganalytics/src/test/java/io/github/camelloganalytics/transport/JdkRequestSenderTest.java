package io.github.camelloganalytics.transport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the sender does with servers that misbehave: the timeout bounds the whole response, and a body is read only
 * as far as an answer needs.
 */
class JdkRequestSenderTest {

    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final JdkRequestSender sender = new JdkRequestSender(client, timer, 16 * 1024);
    final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        timer.shutdownNow();
    }

    static HttpRequest post(String url) {
        return HttpRequest.newBuilder(URI.create(url + "/api/logs")).POST(HttpRequest.BodyPublishers.ofString("[{}]")).build();
    }

    @Test
    void aResponseThatStallsAfterItsHeadersTimesOut() throws Exception {
        try (RawServer server = new RawServer(out -> {
            RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
            release.await();
        })) {
            var response = sender.send(post(server.url()), Duration.ofMillis(300));

            assertThatThrownBy(() -> response.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(HttpTimeoutException.class)
                    .hasMessageContaining("no complete response within 300 ms");
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (RawServer server = new RawServer(out -> release.await())) {
            var response = sender.send(post(server.url()), Duration.ofMillis(300));

            assertThatThrownBy(() -> response.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(HttpTimeoutException.class);
        }
    }

    @Test
    void anEndlessBodyIsReadOnlyUpToTheLimit() throws Exception {
        try (RawServer server = new RawServer(out -> {
            RawServer.write(out, "HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n");
            String chunk = "x".repeat(4096);
            while (true) {
                RawServer.write(out, Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
            }
        })) {
            ServiceResponse response = sender.send(post(server.url()), Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS);

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.truncated()).isTrue();
            assertThat(response.body()).hasSize(16 * 1024);
            assertThat(response.mediaType()).isEqualTo("text/plain");
        }
    }

    @Test
    void aHugeBodyIsNotReadWhole() throws Exception {
        long hundredMegabytes = 100L * 1024 * 1024;
        try (RawServer server = new RawServer(out -> {
            RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + hundredMegabytes + "\r\n\r\n");
            byte[] block = new byte[64 * 1024];
            for (long sent = 0; sent < hundredMegabytes; sent += block.length) {
                out.write(block);
            }
        })) {
            ServiceResponse response = sender.send(post(server.url()), Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.truncated()).isTrue();
            assertThat(response.body()).hasSize(16 * 1024);
        }
    }

    @Test
    void aShortBodyIsReadWhole() throws Exception {
        try (RawServer server = new RawServer(out -> RawServer.write(out,
                "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"Error\":\"x\"}"))) {
            ServiceResponse response = sender.send(post(server.url()), Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.truncated()).isFalse();
            assertThat(new String(response.body())).isEqualTo("{\"Error\":\"x\"}");
        }
    }
}
