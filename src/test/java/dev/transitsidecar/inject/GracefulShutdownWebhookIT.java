package dev.transitsidecar.inject;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.testing.ChildLogs;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.ShutdownLoad;
import dev.transitsidecar.testing.ShutdownOutcome;
import dev.transitsidecar.testing.TestConfigs;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM under load, on the packaged jar ({@code webhook}): 16 keep-alive HTTPS connections send admission review
 * after admission review to {@code /mutate}, and the process gets SIGTERM ({@link Process#destroy()}), once and twice.
 * The verdicts are {@link ShutdownOutcome}'s: no review fails, {@code /readyz} answers 503 at once while
 * {@code /mutate} is served through the grace, exit code 0 within the grace plus the longest review in flight.
 */
class GracefulShutdownWebhookIT {
  static final Duration GRACE = Duration.ofSeconds(2);
  static final int CONNECTIONS = 16;

  @TempDir
  Path dir;
  private Process webhook;
  private Path log;

  @AfterEach
  void stop() throws InterruptedException {
    if (webhook != null && webhook.isAlive()) {
      webhook.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void sigtermUnderLoad_noReviewFails_exits0WithinTheGracePlusTheLongestReview() throws Exception {
    sigtermUnderLoad(false).assertGraceful();
  }

  @Test
  void secondSigtermDuringTheGrace_changesNothing() throws Exception {
    sigtermUnderLoad(true).assertGraceful();
    assertThat(Files.readString(log)).contains("SIGTERM again: the stop under way continues");
  }

  private ShutdownOutcome sigtermUnderLoad(boolean twice) throws Exception {
    TestCertificates.Issued tls = TestCertificates.issue("127.0.0.1");
    tls.writeTo(dir);
    SSLSocketFactory sockets = TestCertificates.trusting(tls.ca()).getSocketFactory();
    int port = URI.create(TestConfigs.deadVault().toString()).getPort();
    webhook = start(port);
    Http.eventually(Duration.ofSeconds(30), () -> readyz(sockets, port) == 200);
    byte[] review = ShutdownLoad.post("/mutate", "127.0.0.1:" + port, "",
        WebhookFixture.podCreation("shutdown", "kasten-io", PodMutatorTest.kubernetesAuth()).encode());
    try (ShutdownLoad load = ShutdownLoad.start(() -> handshaken(sockets.createSocket("127.0.0.1", port)), review,
        CONNECTIONS)) {
      Http.eventually(Duration.ofSeconds(30), () -> load.sent().size() >= 5 * CONNECTIONS);

      long sigterm = System.nanoTime();
      webhook.destroy();
      Http.eventually(GRACE, () -> readyz(sockets, port) == 503);
      long notReady = System.nanoTime();
      if (twice) {
        Thread.sleep(GRACE.dividedBy(2)); // not for a result: the second SIGTERM lands inside the grace
        webhook.destroy();
      }
      boolean exited = webhook.waitFor(60, TimeUnit.SECONDS);
      long exitedAt = System.nanoTime();
      assertThat(exited).as("the webhook exited").isTrue();
      assertThat(load.awaitEnd(Duration.ofSeconds(10))).as("every load thread met the closed listener").isTrue();
      return new ShutdownOutcome(twice ? "webhook, two SIGTERMs" : "webhook, one SIGTERM", GRACE, load.sent(),
          load.refused(), load.firstRefusedNanos(), sigterm, notReady, exitedAt, webhook.exitValue(),
          Files.readString(log));
    }
  }

  private static Socket handshaken(Socket socket) throws IOException {
    ((javax.net.ssl.SSLSocket) socket).startHandshake();
    return socket;
  }

  private static int readyz(SSLSocketFactory sockets, int port) {
    try (Socket socket = handshaken(sockets.createSocket("127.0.0.1", port))) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      return head.startsWith("HTTP/1.1 200") ? 200 : 503;
    } catch (IOException e) {
      return -1;
    }
  }

  private Process start(int port) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    log = ChildLogs.file("graceful-shutdown-webhook");
    ProcessBuilder builder = new ProcessBuilder(java, "-jar", "target/transit-sidecar.jar", "webhook",
        "--config", "sidecar.yaml")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SIDECAR_WEBHOOK_PORT", Integer.toString(port));
    builder.environment().put("SIDECAR_WEBHOOK_CERT_FILE", dir.resolve("tls.crt").toString());
    builder.environment().put("SIDECAR_WEBHOOK_KEY_FILE", dir.resolve("tls.key").toString());
    builder.environment().put("SIDECAR_WEBHOOK_SHUTDOWN_GRACE", GRACE.toSeconds() + "s");
    builder.environment().put("SIDECAR_LOG_FORMAT", "text");
    return builder.start();
  }
}
