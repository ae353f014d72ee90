package dev.transitsidecar.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.config.LockMemory;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.config.VaultConfig;
import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.devvault.TokenSpec;
import dev.transitsidecar.keystore.KeystoreAdmin;
import dev.transitsidecar.keystore.KeystoreFile;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.proxy.AllowList;
import dev.transitsidecar.proxy.PolicyHcl;
import dev.transitsidecar.reliability.MixedLoad.Outcome;
import dev.transitsidecar.reliability.MixedLoad.Result;
import dev.transitsidecar.testing.FixedTokenSession;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.TestConfigs;
import dev.transitsidecar.vault.VaultClient;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak: the packaged jar ({@code run}) with the image's JVM options and a 192 MiB memory limit, against the
 * embedded engine in this JVM, under a fixed-rate mixed load (derive, cached and uncached decrypt, encrypt) for 10
 * minutes, sampling the process's RSS, open file descriptors and threads from {@code /proc} every 5 s. Verdicts: no
 * error, RSS growth after the 2-minute warm-up under 10 %, no growth in file descriptors or threads.
 */
@Tag("reliability")
@EnabledIfSystemProperty(named = "reliability.full", matches = "true",
    disabledReason = "10 minutes: only in the reliability profile (mvn -B -Preliability verify)")
class SoakIT {
  /** Ten minutes; {@code -Dsoak.seconds=N} runs a shorter one (for trying the test, not for the report). */
  static final Duration LENGTH = Duration.ofSeconds(Long.getLong("soak.seconds", 600));
  static final Duration WARM_UP = LENGTH.dividedBy(5);
  static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
  static final int RATE = 500;
  static final String MEMORY_LIMIT = "192m";
  static final String POLICY = "transit-sidecar";

  @TempDir
  Path dir;

  private final Vertx engineVertx = Vertx.vertx();
  private Process sidecar;

  @AfterEach
  void stop() throws InterruptedException {
    if (sidecar != null) {
      sidecar.destroy();
      if (!sidecar.waitFor(10, TimeUnit.SECONDS)) {
        sidecar.destroyForcibly();
      }
    }
    engineVertx.close().await();
  }

  @Test
  void tenMinutesAtAFixedRate_noErrors_noGrowth() throws IOException {
    DevVault engine = DevVault.start(engineVertx, DevVaultOptions.defaults().withTransitKeys(List.of("kasten")))
        .await();
    engine.putPolicy(POLICY, PolicyHcl.generate(AllowList.of(SidecarConfig.defaults().transit())));
    int port = URI.create(TestConfigs.deadVault().toString()).getPort();
    sidecar = start(engine, port);
    String base = "http://127.0.0.1:" + port;
    Http.eventually(Duration.ofSeconds(30), () -> ready(base));

    List<MixedLoad.Kind> kinds = new Workload(base).kinds();
    ProcSamples samples = new ProcSamples(sidecar.pid());
    List<Result> results;
    try (MixedLoad load = new MixedLoad(port, 256, Duration.ofSeconds(20), Duration.ofMillis(1))) {
      long start = System.nanoTime();
      load.atRate(kinds, RATE, LENGTH, () -> samples.sampleIfDue(start, SAMPLE_EVERY));
      results = load.stop();
    }
    samples.sample(System.nanoTime());

    Map<Outcome, Long> outcomes = results.stream().collect(Collectors.groupingBy(Result::outcome,
        Collectors.counting()));
    long[] millis = results.stream().mapToLong(r -> r.latency().toMillis()).sorted().toArray();
    SoakVerdicts verdicts = new SoakVerdicts(samples.all(), WARM_UP, results.size(), outcomes, millis);
    ReliabilityReport.write("6-soak", verdicts.markdown(RATE, LENGTH, jvmOptions(), MEMORY_LIMIT));
    assertThat(sidecar.isAlive()).as("the sidecar still runs").isTrue();
    verdicts.assertMet();
  }

  private boolean ready(String base) {
    try {
      return Http.send(Http.request(base, "/readyz").GET().build()).status() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private Process start(DevVault engine, int port) throws IOException {
    Path token = Files.writeString(dir.resolve("vault_token"),
        engine.createToken(TokenSpec.of(POLICY).withTtl(Duration.ofHours(8))));
    Path keystore = keystore(engine);
    Path config = Files.writeString(dir.resolve("sidecar.yaml"), String.join("\n",
        "listen:", "  port: " + port,
        "vault:", "  address: \"" + engine.address() + "\"",
        "auth:", "  method: token", "  tokenFile: \"" + token + "\"",
        "keystore:", "  file: \"" + keystore + "\"",
        "log:", "  level: warn", ""));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = Files.createDirectories(ReliabilityReport.DIR).resolve("soak-sidecar.log");
    ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-jar",
        "target/transit-sidecar.jar", "run", "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("JAVA_TOOL_OPTIONS", jvmOptions() + " -XX:MaxRAM=" + MEMORY_LIMIT);
    return builder.start();
  }

  private Path keystore(DevVault engine) {
    Path file = dir.resolve("keystore.json");
    VaultConfig vault = TestConfigs.sidecar(URI.create(engine.address())).vault();
    VaultClient client = VaultClient.create(engineVertx, vault);
    try (LockedMemory memory = LockedMemory.allocate(4096, LockMemory.OFF)) {
      new KeystoreAdmin(new KeystoreFile(file), new FixedTokenSession(client, engine.rootToken()), memory,
          Clock.systemUTC(), new SecureRandom(), () -> new char[0]).init("transit", "kasten", Optional.empty());
    } finally {
      client.close();
    }
    return file;
  }

  /** The image's JVM options: the Dockerfile's {@code JAVA_TOOL_OPTIONS} (DockerfileTest keeps it equal to the pod's). */
  static String jvmOptions() throws IOException {
    return Files.readAllLines(Path.of("Dockerfile")).stream()
        .filter(line -> line.startsWith("ENV JAVA_TOOL_OPTIONS=\""))
        .map(line -> line.substring("ENV JAVA_TOOL_OPTIONS=\"".length(), line.length() - 1))
        .findFirst().orElseThrow(() -> new IllegalStateException("no JAVA_TOOL_OPTIONS in the Dockerfile"));
  }
}
