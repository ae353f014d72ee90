package dev.transitsidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.devvault.TokenSpec;
import dev.transitsidecar.proxy.AllowList;
import dev.transitsidecar.proxy.PolicyHcl;
import dev.transitsidecar.testing.ChildLogs;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.ShutdownLoad;
import dev.transitsidecar.testing.ShutdownOutcome;
import dev.transitsidecar.testing.TestConfigs;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM under load, on the packaged jar ({@code run}): 16 keep-alive connections send encrypt after encrypt through
 * the sidecar to the embedded engine, which answers each call after {@value #VAULT_LATENCY_MS} ms, and the process gets
 * SIGTERM ({@link Process#destroy()}). No request fails (none at all: the only thing a client may meet is a refused
 * new connection once the listener closed), the load is served through the grace, {@code /readyz} answers 503 at once,
 * the process exits 0 within the grace plus the longest request in flight (and {@link ShutdownOutcome#JVM_EXIT} to exit), and
 * the log says how many requests were drained and holds no ERROR line ({@link ShutdownOutcome}). The same with a
 * second SIGTERM in the grace.
 */
class GracefulShutdownIT {
  static final long VAULT_LATENCY_MS = 150;
  static final Duration GRACE = Duration.ofSeconds(2);
  static final int CONNECTIONS = 16;
  static final String POLICY = "transit-sidecar";

  @TempDir
  Path dir;
  private final Vertx engineVertx = Vertx.vertx();
  private DevVault engine;
  private Process sidecar;
  private Path log;

  @BeforeEach
  void startEngine() {
    engine = DevVault.start(engineVertx, DevVaultOptions.defaults().withTransitKeys(List.of("kasten"))).await();
    engine.putPolicy(POLICY, PolicyHcl.generate(AllowList.of(SidecarConfig.defaults().transit())));
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (sidecar != null && sidecar.isAlive()) {
      sidecar.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    engineVertx.close().await();
  }

  @Test
  void sigtermUnderLoad_noRequestFails_exits0WithinTheGracePlusTheLongestRequest() throws Exception {
    ShutdownOutcome outcome = sigtermUnderLoad(false);

    outcome.assertGraceful();
  }

  @Test
  void secondSigtermDuringTheGrace_changesNothing() throws Exception {
    ShutdownOutcome outcome = sigtermUnderLoad(true);

    outcome.assertGraceful();
    assertThat(Files.readString(log)).contains("SIGTERM again: the stop under way continues");
  }

  private ShutdownOutcome sigtermUnderLoad(boolean twice) throws Exception {
    int port = URI.create(TestConfigs.deadVault().toString()).getPort();
    sidecar = start(port);
    String base = "http://127.0.0.1:" + port;
    Http.eventually(Duration.ofSeconds(30), () -> readyz(port) == 200);
    engine.faults().latency(Duration.ofMillis(VAULT_LATENCY_MS));
    byte[] encrypt = ShutdownLoad.post("/v1/transit/encrypt/kasten", "127.0.0.1:" + port,
        "X-Vault-Request: true\r\n", "{\"plaintext\":\"aGVsbG8gd29ybGQ=\"}");
    try (ShutdownLoad load = ShutdownLoad.start(() -> new Socket("127.0.0.1", port), encrypt, CONNECTIONS)) {
      Http.eventually(Duration.ofSeconds(30), () -> load.sent().size() >= 5 * CONNECTIONS);

      long sigterm = System.nanoTime();
      sidecar.destroy();
      Http.eventually(GRACE, () -> readyz(port) == 503);
      long notReady = System.nanoTime();
      if (twice) {
        Thread.sleep(GRACE.dividedBy(2)); // not for a result: the second SIGTERM lands inside the grace
        sidecar.destroy();
      }
      boolean exited = sidecar.waitFor(60, TimeUnit.SECONDS);
      long exitedAt = System.nanoTime();
      assertThat(exited).as("the sidecar exited; its log: %s", base).isTrue();
      assertThat(load.awaitEnd(Duration.ofSeconds(10))).as("every load thread met the closed listener").isTrue();
      return new ShutdownOutcome(twice ? "two SIGTERMs" : "one SIGTERM", GRACE, load.sent(), load.refused(),
          load.firstRefusedNanos(), sigterm, notReady, exitedAt, sidecar.exitValue(), Files.readString(log));
    }
  }

  private int readyz(int port) {
    try {
      return Http.rawStatusLine(port, "GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .startsWith("HTTP/1.1 200") ? 200 : 503;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private Process start(int port) throws IOException {
    Path token = Files.writeString(dir.resolve("vault_token"),
        engine.createToken(TokenSpec.of(POLICY).withTtl(Duration.ofHours(1))));
    Path config = Files.writeString(dir.resolve("sidecar.yaml"), String.join("\n",
        "listen:", "  port: " + port, "  shutdownGrace: " + GRACE.toSeconds() + "s",
        "vault:", "  address: \"" + engine.address() + "\"",
        "auth:", "  method: token", "  tokenFile: \"" + token + "\"",
        "log:", "  format: text", "  level: info", ""));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    log = ChildLogs.file("graceful-shutdown-run");
    return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-jar", "target/transit-sidecar.jar",
        "run", "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
