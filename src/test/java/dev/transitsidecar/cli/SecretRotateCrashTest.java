package dev.transitsidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.devvault.SeenRequest;
import dev.transitsidecar.reliability.ReliabilityReport;
import dev.transitsidecar.testing.ChildLogs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rotate} with the keystore in a Secret ({@code keystore.secret.*}, fabric8's mock API server in CRUD mode,
 * reached through a kubeconfig), in a child JVM killed with SIGKILL at a random point of the rotation
 * ({@link KillRuns.Aim}: after a random one of its requests to Vault, before the next), again and
 * again (20 times by default, 200 with {@code -Pdurability} or in the reliability profile; {@code rotation.crash.runs}
 * sets it). After every kill the Secret holds a keystore that unwraps to the original key_id, and the key is never
 * more than one version ahead of it; a final {@code rotate} finishes the job (and, when it was held back, one more
 * raises {@code min_decryption_version}). Writes {@code 5-durability-3-rotate-secret}.
 */
@Tag("reliability")
class SecretRotateCrashTest {
  private static final Duration LATENCY = Duration.ofMillis(25);

  @TempDir
  Path dir;

  @Test
  void rotate_keystoreInASecret_killedAtRandomPoints_secretAlwaysUnwrapsAndAFinalRotateFinishes() throws Exception {
    int runs = KillRuns.runs("rotation.crash.runs", 20);
    long seed = Long.getLong("rotation.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    Path log = ChildLogs.file("SecretRotateCrashTest-rotate");
    KillRuns stats = new KillRuns();
    try (SecretFixture fixture = new SecretFixture(dir, DevVaultOptions.defaults().withPort(0))) {
      CliRun init = fixture.run("keystore", "init");
      assertThat(init.code()).as(init.err()).isZero();
      String keyId = fixture.keystore().getString("key_id");
      fixture.rotation.engine.faults().latency(LATENCY);
      KillRuns.Aim aim = calibrate(fixture, log);
      long started = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        fixture.rotation.engine.clearRequests();
        long start = System.nanoTime();
        Process child = KillRuns.start(fixture.rotation.env, log, "rotate");
        aim.await(fixture.rotation.engine, child, random);
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long killedAt = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        String unwrapped = fixture.unwrappedKeyId();
        int latest = fixture.rotation.key().getInteger("latest_version");
        int stored = fixture.keystoreVersion();
        if (!unwrapped.equals(keyId) || latest - stored < 0 || latest - stored > 1) {
          stats.failed("run " + i + " (seed " + seed + "): key_id " + unwrapped + ", key v" + latest + ", Secret v"
              + stored);
        }
        stats.killed(killedAt, state(fixture, latest, stored));
      }
      long killPhase = System.nanoTime() - started;
      fixture.rotation.engine.faults().clear();
      CliRun last = fixture.run("rotate");
      assertThat(last.code()).as(last.err()).isZero();
      if (last.out().contains("held back")) {
        CliRun raise = fixture.run("rotate");
        assertThat(raise.code()).as(raise.err()).isZero();
        assertThat(raise.out()).as("the run after a held-back one only raises").doesNotContain("rotated ");
      }
      int latest = fixture.rotation.key().getInteger("latest_version");
      assertThat(fixture.rotation.key().getInteger("min_decryption_version")).isEqualTo(latest);
      assertThat(fixture.keystoreVersion()).isEqualTo(latest);
      assertThat(fixture.unwrappedKeyId()).isEqualTo(keyId);
      ReliabilityReport.write("5-durability-3-rotate-secret", "## Durability: `rotate` with the keystore in a Secret,"
          + " killed with SIGKILL\n\n`rotate` in a child JVM with `keystore.secret.*` against fabric8's mock API"
          + " server (CRUD mode) and the embedded engine (25 ms added to every Vault answer), killed after a random"
          + " one of its requests to Vault (" + aim.describe() + " an unkilled rotation makes: from its last read"
          + " before its first write), at a random point before the next (one rotation: " + aim.millis() + " ms here);"
          + " after each kill the Secret must hold a keystore that unwraps to the original key_id, and the key may be"
          + " at most one version ahead of it. A final `rotate` then finishes and, when it was held back, one more"
          + " raises `min_decryption_version` (the run that replaces the keystore in a Secret holds the raise back:"
          + " pods read the mounted copy a little longer); final key version v" + latest + ". "
          + runs + " kills in " + killPhase / 1_000_000 + " ms, seed " + seed + ".\n\n"
          + ReliabilityReport.table(KillRuns.HEADER, List.of(stats.row("rotate (keystore in a Secret)")))
          + "\nTarget: 0 failures.\n");
      assertThat(stats.failures()).as("runs whose Secret did not unwrap or whose key ran ahead").isEmpty();
    }
  }

  /** Where to aim the kills: the requests an unkilled rotation in a child makes to Vault, and the times between. */
  private static KillRuns.Aim calibrate(SecretFixture fixture, Path log) throws Exception {
    KillRuns.train(fixture.rotation.env, log);
    fixture.rotation.engine.clearRequests();
    Process child = KillRuns.start(fixture.rotation.env, log, "rotate");
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("a rotation that is not killed succeeds").isZero();
    List<SeenRequest> seen = fixture.rotation.engine.requests();
    return KillRuns.Aim.of(seen, LATENCY);
  }

  /** Where the kill left the rotation, for the report. */
  private static String state(SecretFixture fixture, int latest, int stored) {
    boolean claimed = fixture.secret().getJsonObject("metadata").getJsonObject("annotations") != null
        && fixture.secret().getJsonObject("metadata").getJsonObject("annotations")
            .containsKey("transit-sidecar.dev/rotation-claim");
    if (latest > stored) {
      return "key rotated, Secret not yet rewritten";
    }
    if (claimed) {
      return "claimed, key not yet rotated";
    }
    int min = fixture.rotation.key().getInteger("min_decryption_version");
    return min < latest ? "Secret rewritten, min not yet raised" : "rotation complete";
  }
}
