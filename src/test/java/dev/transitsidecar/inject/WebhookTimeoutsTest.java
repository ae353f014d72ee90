package dev.transitsidecar.inject;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.config.WebhookConfig;
import dev.transitsidecar.http.GracefulStop;
import dev.transitsidecar.http.ServerTimeouts;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook's HTTPS server is reachable from the whole cluster network: a client that never finishes its TLS
 * handshake, or finishes it and then sends its headers a byte at a time, is cut after the header timeout, and a
 * normal review is answered meanwhile.
 */
class WebhookTimeoutsTest {
  private static final ServerTimeouts SHORT = new ServerTimeouts(Duration.ofSeconds(6), Duration.ofSeconds(1));

  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();
  private TestCertificates.Issued issued;
  private WebhookVerticle verticle;

  @BeforeEach
  void start() {
    issued = TestCertificates.issue("webhook-timeouts");
    issued.writeTo(dir);
    WebhookConfig config = new WebhookConfig(0, dir.resolve("tls.crt"), dir.resolve("tls.key"), Pods.WEBHOOK.image(),
        Pods.WEBHOOK.vaultAddress(), false);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    TlsMaterial tls = TlsMaterial.read(vertx, config.certFile(), config.keyFile()).await();
    verticle = new WebhookVerticle(0, tls, SHORT,
        v -> WebhookApi.router(v, config, registry, new WebhookMetrics(registry), Optional::empty),
        GracefulStop.never());
    vertx.deployVerticle(verticle).await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void noTlsHandshake_isCutAfterTheHeaderTimeout() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", verticle.server().actualPort())) {
      socket.setSoTimeout(10_000);
      long start = System.nanoTime();

      int read = socket.getInputStream().read();

      assertThat(read).isEqualTo(-1);
      assertThat(millisSince(start)).isBetween(950L, 5_000L);
    }
  }

  @Test
  void headersOneByteAtATime_areCutAfterTheHeaderTimeout_whileAReviewIsAnswered() throws Exception {
    try (SSLSocket socket = (SSLSocket) TestCertificates.trusting(issued.ca()).getSocketFactory()
        .createSocket("127.0.0.1", verticle.server().actualPort())) {
      socket.setSoTimeout(10_000);
      socket.startHandshake();
      long start = System.nanoTime();
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      byte[] head = "POST /mutate HTTP/1.1\r\nHost: webhook\r\nContent-Type: application/json\r\n"
          .getBytes(StandardCharsets.US_ASCII);
      int sent = 0;
      boolean cut = false;
      while (!cut && sent < head.length && millisSince(start) < 10_000) {
        try {
          out.write(head[sent++]);
          out.flush();
          assertThat(normalReview()).isEqualTo(200);
        } catch (IOException e) {
          cut = true;
        }
        socket.setSoTimeout(200);
        cut = cut || closed(in);
      }

      assertThat(cut).as("the slow connection was closed").isTrue();
      assertThat(millisSince(start)).isBetween(950L, 5_000L);
    }
  }

  private int normalReview() {
    try (WebhookClient client = new WebhookClient(issued, verticle.server().actualPort())) {
      return client.post(WebhookFixture.podCreation("u-" + System.nanoTime(), "apps", Pods.withAnnotations(
          Pods.injectToken())).encode());
    }
  }

  private static boolean closed(InputStream in) {
    try {
      return in.read() == -1;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** A JDK client trusting the test CA. */
  private static final class WebhookClient implements AutoCloseable {
    private final java.net.http.HttpClient client;
    private final int port;

    WebhookClient(TestCertificates.Issued issued, int port) {
      this.client = java.net.http.HttpClient.newBuilder().sslContext(TestCertificates.trusting(issued.ca()))
          .connectTimeout(Duration.ofSeconds(5)).build();
      this.port = port;
    }

    int post(String body) {
      try {
        return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://localhost:" + port
            + "/mutate")).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
            java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
