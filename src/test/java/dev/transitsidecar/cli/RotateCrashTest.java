package dev.transitsidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.devvault.SeenRequest;
import dev.transitsidecar.testing.Http;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rotate} in a child JVM, killed with SIGKILL at a random point of the rotation, again and again (20 times
 * by default; {@code -Pdurability} sets {@code rotation.crash.runs} to 200). After every kill the keystore unwraps to
 * the original key_id and the key is never more than one version ahead of the keystore (no second key version
 * while a rotation is unfinished); a final {@code rotate} finishes the job. The engine, in this JVM, adds latency to
 * every answer so that the kills land inside the steps.
 */
class RotateCrashTest {
  private static final Duration LATENCY = Duration.ofMillis(25);

  @TempDir
  Path dir;

  @Test
  void rotate_killedAtRandomPoints_keystoreAlwaysUnwrapsAndAFinalRotateFinishes() throws Exception {
    int runs = Integer.getInteger("rotation.crash.runs", 20);
    long seed = Long.getLong("rotation.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    try (RotationFixture fixture = new RotationFixture(dir, DevVaultOptions.defaults().withPort(0))) {
      String keyId = fixture.init();
      fixture.engine.faults().latency(LATENCY);
      long rotationNanos = calibrate(fixture);
      Map<String, Integer> states = new TreeMap<>();
      long started = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        fixture.engine.clearRequests();
        Process child = start(fixture);
        Http.eventually(Duration.ofSeconds(30), () -> !fixture.engine.requests().isEmpty() || !child.isAlive());
        LockSupport.parkNanos((long) (random.nextDouble() * rotationNanos));
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(fixture.unwrappedKeyId()).as("run %d (seed %d)", i, seed).isEqualTo(keyId);
        int latest = fixture.key().getInteger("latest_version");
        int stored = version(fixture.ciphertext());
        assertThat(latest - stored).as("run %d (seed %d): key v%d, keystore v%d", i, seed, latest, stored)
            .isBetween(0, 1);
        states.merge(state(fixture, latest, stored), 1, Integer::sum);
      }
      long killPhase = System.nanoTime() - started;
      fixture.engine.faults().clear();
      CliRun last = fixture.run("rotate");
      assertThat(last.code()).as(last.err()).isZero();
      int latest = fixture.key().getInteger("latest_version");
      assertThat(fixture.key().getInteger("min_decryption_version")).isEqualTo(latest);
      assertThat(version(fixture.ciphertext())).isEqualTo(latest);
      assertThat(fixture.unwrappedKeyId()).isEqualTo(keyId);
      System.out.printf("rotate crash test: %d kills (seed %d) in %d ms, one rotation about %d ms; state after "
          + "each kill: %s; final key version v%d%n", runs, seed, killPhase / 1_000_000, rotationNanos / 1_000_000,
          states, latest);
    }
  }

  /** How long one rotation takes in a child: from its first request to Vault to the answer to its last. */
  private static long calibrate(RotationFixture fixture) throws Exception {
    fixture.engine.clearRequests();
    Process child = start(fixture);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("a rotation that is not killed succeeds").isZero();
    List<SeenRequest> seen = fixture.engine.requests();
    return Duration.between(seen.getFirst().time(), seen.getLast().time()).plus(LATENCY).toNanos();
  }

  private static Process start(RotationFixture fixture) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "rotate", "--config", "sidecar.yaml"));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(fixture.env);
    return builder.start();
  }

  /** Where the kill left the rotation, for the counts the test prints. */
  private static String state(RotationFixture fixture, int latest, int stored) {
    if (latest > stored) {
      return "key rotated, keystore not yet rewritten";
    }
    int min = fixture.key().getInteger("min_decryption_version");
    return min < latest ? "keystore rewritten, min not yet raised" : "rotation complete";
  }

  private static int version(String ciphertext) {
    return Integer.parseInt(ciphertext.substring("vault:v".length(), ciphertext.indexOf(':', "vault:v".length())));
  }
}
