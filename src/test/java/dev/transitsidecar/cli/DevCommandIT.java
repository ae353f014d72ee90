package dev.transitsidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.testing.ChildLogs;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.Http.Answer;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, for real: the packaged jar runs {@code dev} in a process of its own; the test reads
 * the lines it prints, as a script would, and uses what it started.
 */
class DevCommandIT {
  private Process process;

  @AfterEach
  void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
      process.destroyForcibly();
    }
  }

  @Test
  void dev_printsAddressesAndToken_andBothServersWork() throws IOException {
    Map<String, String> lines = startDev();
    String engine = lines.get("Engine");
    String token = lines.get("Root Token");
    String sidecar = lines.get("Sidecar");

    assertThat(Http.send(Http.request(sidecar, "/healthz").GET().build()).status()).isEqualTo(200);

    Answer encrypted = Http.send(Http.request(engine, "/v1/transit/encrypt/kasten").header("X-Vault-Token", token)
        .POST(BodyPublishers.ofString("{\"plaintext\":\"aGVsbG8gd29ybGQ=\"}")).build());
    assertThat(encrypted.status()).isEqualTo(200);
    String ciphertext = encrypted.json().getJsonObject("data").getString("ciphertext");
    assertThat(ciphertext).startsWith("vault:v1:");

    Answer decrypted = Http.send(Http.request(engine, "/v1/transit/decrypt/kasten").header("X-Vault-Token", token)
        .POST(BodyPublishers.ofString(new JsonObject().put("ciphertext", ciphertext).encode())).build());
    assertThat(decrypted.json().getJsonObject("data").getString("plaintext")).isEqualTo("aGVsbG8gd29ybGQ=");

    Http.eventually(java.time.Duration.ofSeconds(10),
        () -> Http.send(Http.request(sidecar, "/readyz").GET().build()).status() == 200);

    // Through the sidecar, as an application would: no token of its own.
    Answer viaSidecar = Http.send(Http.request(sidecar, "/v1/transit/decrypt/kasten").header("X-Vault-Request", "true")
        .POST(BodyPublishers.ofString(new JsonObject().put("ciphertext", ciphertext).encode())).build());
    assertThat(viaSidecar.status()).isEqualTo(200);
    assertThat(viaSidecar.json().getJsonObject("data").getString("plaintext")).isEqualTo("aGVsbG8gd29ybGQ=");
    JsonObject status = Http.send(Http.request(sidecar, "/sidecar/v1/status").header("X-Vault-Request", "true")
        .GET().build()).json();
    assertThat(status.getJsonObject("auth").getBoolean("authenticated")).isTrue();
    assertThat(status.getJsonObject("vault").getBoolean("healthy")).isTrue();
    assertThat(status.encode()).doesNotContain(token);

    // Prometheus's text format (the jar has no protobuf writer), also for a scraper that would take protobuf.
    Answer metrics = Http.send(Http.request(sidecar, "/metrics").header("Accept",
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,"
            + "text/plain;version=0.0.4;q=0.3").GET().build());
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("# TYPE transit_sidecar_requests_total counter");
  }

  @Test
  void dev_cleanStart_plainTextLogLinesAndNoWarning() throws IOException {
    Map<String, String> lines = startDev();
    Http.eventually(java.time.Duration.ofSeconds(10),
        () -> Http.send(Http.request(lines.get("Sidecar"), "/readyz").GET().build()).status() == 200);

    java.util.List<String> log = java.nio.file.Files.readAllLines(stderr);
    assertThat(log).isNotEmpty().anySatisfy(l -> assertThat(l).contains(" INFO "))
        .noneSatisfy(l -> assertThat(l).startsWith("{"))
        .noneSatisfy(l -> assertThat(l).containsAnyOf(" WARN ", " ERROR ", "already registered"));
  }

  @Test
  void dev_logFormatJsonFromTheEnvironment_stillWins() throws IOException {
    Map<String, String> lines = startDev(Map.of("SIDECAR_LOG_FORMAT", "json"));
    Http.eventually(java.time.Duration.ofSeconds(10),
        () -> Http.send(Http.request(lines.get("Sidecar"), "/readyz").GET().build()).status() == 200);

    assertThat(java.nio.file.Files.readAllLines(stderr)).filteredOn(l -> l.contains("authenticated to Vault"))
        .isNotEmpty().allSatisfy(l -> assertThat(new JsonObject(l).getString("level")).isEqualTo("INFO"));
  }

  private Path stderr;

  private Map<String, String> startDev() throws IOException {
    return startDev(Map.of());
  }

  private Map<String, String> startDev(Map<String, String> env) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    stderr = ChildLogs.file("DevCommandIT-dev");
    ProcessBuilder builder = new ProcessBuilder(java, "-jar", "target/transit-sidecar.jar", "dev", "--port", "0",
        "--engine-port", "0").redirectError(stderr.toFile());
    builder.environment().remove("SIDECAR_LOG_FORMAT");
    // The stop is not under test here (GracefulShutdownIT is): SIGTERM stops at once instead of after 5 s.
    builder.environment().put("SIDECAR_LISTEN_SHUTDOWN_GRACE", "0s");
    builder.environment().putAll(env);
    process = builder.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    Map<String, String> found = new HashMap<>();
    String line;
    while (found.size() < 3 && (line = out.readLine()) != null) {
      for (String key : new String[] {"Engine", "Root Token", "Sidecar"}) {
        if (line.startsWith(key + ": ")) {
          found.put(key, line.substring(key.length() + 2).trim());
        }
      }
    }
    assertThat(found).as("dev printed Engine, Root Token and Sidecar").containsKeys("Engine", "Root Token", "Sidecar");
    return found;
  }
}
