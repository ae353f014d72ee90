package dev.transitsidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.config.TransitConfig;
import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.testing.Http;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code run} loads, as the image starts it ({@code run --config FILE}, token auth, a keystore unwrapped through
 * Transit): a child JVM logs every class it loads ({@code -Xlog:class+load}) until it is ready and has answered a
 * derive request, and none of the code it does not serve may be among them: the webhook, the embedded engine, the
 * Kubernetes API code, the other commands, picocli's command-line model and Bouncy Castle's Argon2 (only for
 * passphrase passkeys), the JVM's meters until {@code /metrics} is first scraped, and Netty's buffer events for JDK
 * Flight Recorder (with JFR's metadata machinery they cost about 70 ms of the start). Every class loaded costs the pod
 * metaspace and start time.
 */
class RunLoadsOnlyWhatItServesTest {
  private static final Pattern LOADED = Pattern.compile("\\] (\\S+) source: ");
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final List<String> NOT_LOADED_PREFIXES = List.of("dev.transitsidecar.inject.",
      "dev.transitsidecar.devvault.", "dev.transitsidecar.kube.", "dev.transitsidecar.cli.DevCommand",
      "dev.transitsidecar.cli.WebhookCommand", "dev.transitsidecar.cli.KeystoreCommand",
      "dev.transitsidecar.cli.RotateCommand", "dev.transitsidecar.cli.PolicyCommand",
      "dev.transitsidecar.cli.CheckConfigCommand", "picocli.CommandLine$Model", "org.bouncycastle.crypto.generators.Argon2",
      "org.bouncycastle.crypto.params.Argon2", "io.micrometer.core.instrument.binder.jvm.",
      "io.netty.buffer.AbstractAllocatorEvent", "jdk.jfr.internal.MetadataLoader");

  @TempDir
  Path dir;

  private DevVault engine;
  private Map<String, String> env;
  private Process child;

  @BeforeEach
  void start() throws IOException {
    TransitConfig transit = SidecarConfig.defaults().transit();
    engine = DevVault.start(Vertx.vertx(), DevVaultOptions.defaults().withTransitMount(transit.mount())
        .withTransitKeys(transit.keys())).await();
    env = new HashMap<>(Map.of("SIDECAR_VAULT_ADDRESS", engine.address(),
        "SIDECAR_AUTH_TOKEN_FILE", Files.writeString(dir.resolve("token"), engine.rootToken()).toString(),
        "SIDECAR_KEYSTORE_FILE", dir.resolve("keystore.json").toString(), "SIDECAR_CACHE_LOCK_MEMORY", "off",
        "SIDECAR_LISTEN_SHUTDOWN_GRACE", "0s"));
    Files.writeString(dir.resolve("sidecar.yaml"), "listen:\n  port: " + freePort() + "\nlog:\n  level: info\n"
        + "  format: text\n");
    CliRun init = CliRun.of(env, "keystore", "init", "--config", dir.resolve("sidecar.yaml").toString());
    assertThat(init.code()).as(init.err()).isZero();
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (child != null) {
      child.destroy();
      child.waitFor();
    }
    engine.close().await();
  }

  @Test
  void run_withTokenAndTransitKeystore_loadsNoneOfTheCodeItDoesNotServe() throws Exception {
    Path loaded = dir.resolve("classes.log");
    Path log = dir.resolve("run.log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Xlog:class+load=info:file=" + loaded, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "run", "--config", dir.resolve("sidecar.yaml").toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    child = builder.start();

    int[] port = new int[1];
    Http.eventually(Duration.ofSeconds(60), () -> (port[0] = listeningPort(log)) > 0 || !child.isAlive());
    assertThat(child.isAlive()).as("run exited: %s", Files.readString(log)).isTrue();
    String base = "http://127.0.0.1:" + port[0];
    Http.eventually(Duration.ofSeconds(30), () -> Http.send(Http.request(base, "/readyz").GET().build()).status() == 200);
    Http.Answer derived = Http.send(Http.request(base, "/sidecar/v1/derive").header("X-Vault-Request", "true")
        .POST(BodyPublishers.ofString("{\"context\":\"YQ==\"}")).build());
    assertThat(derived.status()).isEqualTo(200);

    List<String> classes = loadedClasses(loaded);
    assertThat(classes).as("the log of loaded classes").contains(RunCommand.class.getName(),
        "dev.transitsidecar.derive.DerivedKeys", "dev.transitsidecar.keystore.TransitPasskey");
    assertThat(classes).filteredOn(name -> NOT_LOADED_PREFIXES.stream().anyMatch(name::startsWith)).isEmpty();
    assertThat(classes).doesNotContain("picocli.CommandLine");
  }

  /** A port the system just gave out for port 0 (run's configuration takes port 0 only with a Unix socket). */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static int listeningPort(Path log) {
    try {
      Matcher m = LISTENING.matcher(Files.exists(log) ? Files.readString(log) : "");
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static List<String> loadedClasses(Path file) throws IOException {
    List<String> names = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      Matcher m = LOADED.matcher(line);
      if (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }
}
