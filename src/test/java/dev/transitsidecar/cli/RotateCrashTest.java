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
 * {@code rotate} in a child JVM, killed with SIGKILL at a random point of the rotation ({@link KillRuns.Aim}: after a
 * random one of its requests to Vault, before the next), again and again (20 times
 * by default, 200 in the reliability profile; {@code -Pdurability} and {@code rotation.crash.runs} set it too). After
 * every kill the keystore unwraps to the original key_id and the key is never more than one version ahead of the
 * keystore (no second key version while a rotation is unfinished); a final {@code rotate} finishes the job. The
 * engine, in this JVM, adds latency to every answer so that the kills land inside the steps. Writes
 * {@code 5-durability-1-rotate}.
 */
@Tag("reliability")
class RotateCrashTest {
  private static final Duration LATENCY = Duration.ofMillis(25);

  @TempDir
  Path dir;

  @Test
  void rotate_killedAtRandomPoints_keystoreAlwaysUnwrapsAndAFinalRotateFinishes() throws Exception {
    int runs = KillRuns.runs("rotation.crash.runs", 20);
    long seed = Long.getLong("rotation.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    Path log = ChildLogs.file("RotateCrashTest-rotate");
    KillRuns stats = new KillRuns();
    try (RotationFixture fixture = new RotationFixture(dir, DevVaultOptions.defaults().withPort(0))) {
      String keyId = fixture.init();
      fixture.engine.faults().latency(LATENCY);
      KillRuns.Aim aim = calibrate(fixture, log);
      long started = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        fixture.engine.clearRequests();
        long start = System.nanoTime();
        Process child = KillRuns.start(fixture.env, log, "rotate");
        aim.await(fixture.engine, child, random);
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long killedAt = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        String unwrapped = fixture.unwrappedKeyId();
        int latest = fixture.key().getInteger("latest_version");
        int stored = version(fixture.ciphertext());
        if (!unwrapped.equals(keyId) || latest - stored < 0 || latest - stored > 1) {
          stats.failed("run " + i + " (seed " + seed + "): key_id " + unwrapped + ", key v" + latest + ", keystore v"
              + stored);
        }
        stats.killed(killedAt, state(fixture, latest, stored));
      }
      long killPhase = System.nanoTime() - started;
      fixture.engine.faults().clear();
      CliRun last = fixture.run("rotate");
      assertThat(last.code()).as(last.err()).isZero();
      int latest = fixture.key().getInteger("latest_version");
      assertThat(fixture.key().getInteger("min_decryption_version")).isEqualTo(latest);
      assertThat(version(fixture.ciphertext())).isEqualTo(latest);
      assertThat(fixture.unwrappedKeyId()).isEqualTo(keyId);
      ReliabilityReport.write("5-durability-1-rotate", "## Durability: `rotate` killed with SIGKILL\n\n"
          + "`rotate` in a child JVM against the embedded engine (25 ms added to every answer so that kills land "
          + "inside the steps), killed after a random one of its requests to Vault (" + aim.describe() + " an "
          + "unkilled rotation makes: from its last read before its first write), at a random point before the next "
          + "(one rotation: " + aim.millis() + " ms here); after each kill the keystore must unwrap to the original "
          + "key_id and the key may be at most one version ahead of the keystore. A final `rotate` then finishes "
          + "(final key version v" + latest + "). " + runs + " kills in " + killPhase / 1_000_000 + " ms, seed "
          + seed + ".\n\n" + ReliabilityReport.table(KillRuns.HEADER, List.of(stats.row("rotate")))
          + "\nTarget: 0 failures.\n");
      assertThat(stats.failures()).as("runs whose keystore did not unwrap or whose key ran ahead").isEmpty();
    }
  }

  /** Where to aim the kills: the requests an unkilled rotation in a child makes to Vault, and the times between. */
  private static KillRuns.Aim calibrate(RotationFixture fixture, Path log) throws Exception {
    KillRuns.train(fixture.env, log);
    fixture.engine.clearRequests();
    Process child = KillRuns.start(fixture.env, log, "rotate");
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("a rotation that is not killed succeeds").isZero();
    List<SeenRequest> seen = fixture.engine.requests();
    return KillRuns.Aim.of(seen, LATENCY);
  }

  /** Where the kill left the rotation, for the report. */
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
