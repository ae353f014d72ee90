package dev.transitsidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.testing.ChildLogs;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.TestConfigs;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} never loads the Kubernetes API client (dev.transitsidecar.kube, used only by {@code rotate} and the
 * {@code keystore} commands), the Secret's keystore store, nor anything of fabric8, even with {@code keystore.secret}
 * configured (the sidecar reads the mounted file): a child JVM runs the sidecar with {@code -Xlog:class+load} until it
 * is ready and has served an encrypt and a decrypt, and its class-load log must name none of them.
 */
class RunLoadsNoKubernetesClientTest {
  @TempDir
  Path dir;

  @Test
  void run_servingRequests_loadsNoClassOfTheKubernetesClient() throws Exception {
    Path classLog = dir.resolve("classes.log");
    try (RotationFixture fixture = new RotationFixture(dir, DevVaultOptions.defaults().withPort(0))) {
      fixture.init();
      int port = TestConfigs.deadVault().getPort();
      fixture.env.put("SIDECAR_LISTEN_PORT", Integer.toString(port));
      fixture.env.put("SIDECAR_KEYSTORE_SECRET_NAMESPACE", "apps");
      fixture.env.put("SIDECAR_KEYSTORE_SECRET_NAME", "transit-keystore");
      fixture.env.put("SIDECAR_LISTEN_SHUTDOWN_GRACE", "0s");
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
          "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xlog:class+load:file=" + classLog,
          "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--config", "sidecar.yaml"));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(ChildLogs.file("RunLoadsNoKubernetesClientTest").toFile()));
      builder.environment().putAll(fixture.env);
      Process child = builder.start();
      try {
        String base = "http://127.0.0.1:" + port;
        Http.eventually(Duration.ofSeconds(60), () -> ready(base) || !child.isAlive());
        assertThat(child.isAlive()).as("run started").isTrue();
        String ciphertext = Http.send(Http.request(base, "/v1/transit/encrypt/kasten")
            .header("X-Vault-Request", "true")
            .POST(BodyPublishers.ofString("{\"plaintext\":\"aGVsbG8=\"}")).build())
            .json().getJsonObject("data").getString("ciphertext");
        assertThat(Http.send(Http.request(base, "/v1/transit/decrypt/kasten").header("X-Vault-Request", "true")
            .POST(BodyPublishers.ofString("{\"ciphertext\":\"" + ciphertext + "\"}")).build()).status())
            .isEqualTo(200);
      } finally {
        child.destroy();
        child.waitFor(30, TimeUnit.SECONDS);
      }
    }
    List<String> loaded = Files.readAllLines(classLog);
    assertThat(loaded).as("the class-load log is complete").anyMatch(l -> l.contains("dev.transitsidecar.proxy."));
    assertThat(loaded).filteredOn(l -> l.contains("dev.transitsidecar.kube.") || l.contains("io.fabric8.")
        || l.contains("SecretKeystoreStore") || l.contains("KeystoreStores"))
        .as("classes of the Kubernetes client loaded by run").isEmpty();
  }

  private static boolean ready(String base) {
    try {
      return Http.send(Http.request(base, "/readyz").GET().build()).status() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
