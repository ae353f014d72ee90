package dev.transitsidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.config.LockMemory;
import dev.transitsidecar.derive.Hkdf;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.devvault.SeenRequest;
import dev.transitsidecar.keystore.Keystore;
import dev.transitsidecar.keystore.KeystoreException;
import dev.transitsidecar.keystore.KeystoreFile;
import dev.transitsidecar.keystore.Passkey;
import dev.transitsidecar.keystore.PassphrasePasskey;
import dev.transitsidecar.keystore.PassphraseWrapping;
import dev.transitsidecar.keystore.TransitPasskey;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.memory.SecretBytes;
import dev.transitsidecar.reliability.ReliabilityReport;
import dev.transitsidecar.testing.ChildLogs;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.Http.Answer;
import dev.transitsidecar.testing.SecretLedger;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keystore add-passkey} and {@code keystore use-passkey} in a child JVM, killed with SIGKILL at random points,
 * again and again ({@value #QUICK_RUNS} runs each by default, as a child JVM takes one to three seconds on a loaded
 * two-core machine; 200 in the reliability profile and with {@code -Pdurability};
 * {@code keystore.crash.runs} sets it). After every kill the keystore file is byte for byte the old one or exactly
 * the new one (never damaged, never a mix), and its passkey in use, and a newly added passkey, unwrap to the original
 * key_id. The kill lands from the command's first request to Vault over the rest of its calibrated run (from half
 * its run for a change that asks Vault nothing), with 10% to spare so that some runs finish first. The engine adds
 * latency so that the kills land inside the steps. Writes {@code 5-durability-2-add-passkey} and
 * {@code 5-durability-3-use-passkey}.
 */
@Tag("reliability")
class KeystoreCrashTest {
  static final int QUICK_RUNS = 6;
  private static final Duration LATENCY = Duration.ofMillis(10);
  private static final String OLD = "old file intact";
  private static final String NEW = "new file complete";

  @TempDir
  Path dir;

  private RotationFixture fixture;
  private KeystoreFile file;
  private Path passphraseFile;
  private char[] passphrase;
  private String keyId;
  private Random random;
  private long seed;
  private int runsLeavingATemporaryFile;

  /** A keystore wrapped by {@code kasten}, a second Transit key {@code other} and a passphrase in a file. */
  @BeforeEach
  void keystore() throws IOException {
    fixture = new RotationFixture(dir, DevVaultOptions.defaults().withPort(0));
    keyId = fixture.init();
    file = new KeystoreFile(fixture.keystore);
    assertThat(fixture.vault("POST", "/v1/transit/keys/other", "{}").status()).isIn(200, 204);
    byte[] secret = new byte[12];
    new SecureRandom().nextBytes(secret);
    String text = "kill test passphrase " + HexFormat.of().formatHex(secret);
    SecretLedger.record(SecretLedger.Kind.PASSPHRASE, text);
    passphrase = text.toCharArray();
    passphraseFile = Files.writeString(dir.resolve("passphrase"), text + "\n");
    seed = Long.getLong("keystore.crash.seed", System.nanoTime());
    random = new Random(seed);
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void addPasskey_killedAtRandomPoints_fileIsOldOrNewAndEveryPasskeyUnwrapsToTheKeyId() throws Exception {
    int runs = KillRuns.runs("keystore.crash.runs", QUICK_RUNS);
    Path log = ChildLogs.file("KeystoreCrashTest-add-passkey");
    Timing transit = calibrate(log, addArgs("calibrate-t", true));
    Timing phrase = calibrate(log, addArgs("calibrate-p", false));
    fixture.engine.faults().latency(LATENCY);
    KillRuns stats = new KillRuns();
    for (int i = 0; i < runs; i++) {
      String name = "p" + i;
      boolean viaTransit = i % 2 == 0;
      Keystore before = file.read();
      byte[] bytes = Files.readAllBytes(fixture.keystore);
      Kill kill = killAtRandom(log, viaTransit ? transit : phrase, addArgs(name, viaTransit));
      check(stats, "run " + i + " add-passkey " + name, bytes, kill,
          now -> now.find(name).map(added -> before.withPasskey(added).equals(now)).orElse(false), name);
      trim();
    }
    assertThat(fixture.run("keystore", "add-passkey", "--name", "last", "--vault-transit").code()).isZero();
    report("5-durability-2-add-passkey", "keystore add-passkey", "`keystore add-passkey` (a Transit passkey on "
        + "another key and a passphrase passkey, Argon2id, in turn)", stats, runs);
  }

  @Test
  void usePasskey_killedAtRandomPoints_fileIsOldOrNewAndThePasskeyInUseUnwrapsToTheKeyId() throws Exception {
    int runs = KillRuns.runs("keystore.crash.runs", QUICK_RUNS);
    assertThat(fixture.run("keystore", "add-passkey", "--name", "second", "--vault-transit", "--key", "other").code())
        .isZero();
    assertThat(fixture.run("keystore", "add-passkey", "--name", "recovery", "--passphrase-file",
        passphraseFile.toString()).code()).isZero();
    Path log = ChildLogs.file("KeystoreCrashTest-use-passkey");
    List<String> cycle = List.of("vault", "second", "recovery");
    Map<String, Timing> timings = new HashMap<>();
    for (String target : List.of("second", "recovery", "vault")) {
      timings.put(target, calibrate(log, "keystore", "use-passkey", target));
    }
    fixture.engine.faults().latency(LATENCY);
    KillRuns stats = new KillRuns();
    for (int i = 0; i < runs; i++) {
      Keystore before = file.read();
      String target = cycle.get((cycle.indexOf(before.inUse().name()) + 1 + random.nextInt(2)) % cycle.size());
      byte[] bytes = Files.readAllBytes(fixture.keystore);
      Kill kill = killAtRandom(log, timings.get(target), "keystore", "use-passkey", target);
      check(stats, "run " + i + " use-passkey " + target, bytes, kill, now -> before.using(target).equals(now), null);
    }
    assertThat(fixture.run("keystore", "use-passkey", "vault").code()).isZero();
    report("5-durability-3-use-passkey", "keystore use-passkey", "`keystore use-passkey` (between two Transit "
        + "passkeys and a passphrase passkey, at random)", stats, runs);
  }

  /** How long an unkilled run takes: to its first request to Vault (-1 without one) and to its exit, in ns. */
  private record Timing(long firstRequest, long exit) {}

  private record Kill(long millisAfterStart, boolean finishedFirst, int exitCode) {}

  private Timing calibrate(Path log, String... args) throws Exception {
    KillRuns.train(fixture.env, log);
    fixture.engine.clearRequests();
    Instant started = Instant.now();
    long start = System.nanoTime();
    Process child = KillRuns.start(fixture.env, log, args);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    long exit = System.nanoTime() - start;
    assertThat(child.exitValue()).as("%s, not killed, succeeds", Arrays.toString(args)).isZero();
    List<SeenRequest> seen = fixture.engine.requests();
    return new Timing(seen.isEmpty() ? -1 : Duration.between(started, seen.getFirst().time()).toNanos(), exit);
  }

  private Kill killAtRandom(Path log, Timing timing, String... args) throws Exception {
    fixture.engine.clearRequests();
    long start = System.nanoTime();
    Process child = KillRuns.start(fixture.env, log, args);
    long from;
    if (timing.firstRequest() >= 0) {
      Http.eventually(Duration.ofSeconds(30), () -> !fixture.engine.requests().isEmpty() || !child.isAlive());
      from = System.nanoTime();
      LockSupport.parkNanos((long) (random.nextDouble() * 1.1 * (timing.exit() - timing.firstRequest())));
    } else {
      from = start + timing.exit() / 2;
      LockSupport.parkNanos(Math.max(0, from - System.nanoTime())
          + (long) (random.nextDouble() * 0.6 * timing.exit()));
    }
    boolean finished = !child.isAlive();
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Kill(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), finished,
        finished ? child.exitValue() : -1);
  }

  /**
   * The file after a kill: the old bytes, or a keystore {@code isNew} accepts; the passkey in use, and
   * {@code added} when it is there, unwrap to the key_id. Anything else is a failure of the run.
   */
  private void check(KillRuns stats, String run, byte[] before, Kill kill,
      Predicate<Keystore> isNew, String added) throws IOException {
    String where = run + " (seed " + seed + ", killed " + kill.millisAfterStart() + " ms after start)";
    if (kill.finishedFirst() && kill.exitCode() != 0) {
      stats.failed(where + ": the command failed by itself with exit " + kill.exitCode());
    }
    Keystore now;
    try {
      now = file.read();
    } catch (KeystoreException e) {
      stats.failed(where + ": the keystore does not open: " + e.getMessage());
      return;
    }
    boolean old = Arrays.equals(Files.readAllBytes(fixture.keystore), before);
    if (!old && !isNew.test(now)) {
      stats.failed(where + ": the keystore is neither the old file nor the new one");
    }
    List<Passkey> check = Stream.concat(Stream.of(now.inUse()),
        Stream.ofNullable(added).flatMap(n -> now.find(n).stream())).distinct().toList();
    for (Passkey passkey : check) {
      String unwrapped = unwrappedKeyId(passkey);
      if (!keyId.equals(unwrapped)) {
        stats.failed(where + ": passkey " + passkey.name() + " unwraps to " + unwrapped + ", not " + keyId);
      }
    }
    if (temporaries() > 0) {
      runsLeavingATemporaryFile++;
    }
    stats.killed(kill.millisAfterStart(), (old ? OLD : NEW) + (kill.finishedFirst() ? " (finished before the kill)"
        : ""));
  }

  /** The key_id a passkey unwraps to: Transit with the root token, a passphrase with Argon2id here. */
  private String unwrappedKeyId(Passkey passkey) {
    return switch (passkey) {
      case TransitPasskey t -> {
        Answer a = fixture.vault("POST", "/v1/" + t.mount() + "/decrypt/" + t.key(),
            new JsonObject().put("ciphertext", t.ciphertext()).encode());
        yield a.status() != 200 ? "(decrypt answered " + a.status() + ")" : Hkdf.keyId(ByteBuffer.wrap(
            Base64.getDecoder().decode(a.json().getJsonObject("data").getString("plaintext"))));
      }
      case PassphrasePasskey p -> {
        try (LockedMemory memory = LockedMemory.allocate(4096, LockMemory.OFF);
            SecretBytes master = PassphraseWrapping.unwrap(memory, p, passphrase.clone())) {
          yield master.exposeTo(Hkdf::keyId);
        } catch (KeystoreException e) {
          yield "(" + e.getMessage() + ")";
        }
      }
    };
  }

  private String[] addArgs(String name, boolean viaTransit) {
    return viaTransit
        ? new String[] {"keystore", "add-passkey", "--name", name, "--vault-transit", "--key", "other"}
        : new String[] {"keystore", "add-passkey", "--name", name, "--passphrase-file", passphraseFile.toString()};
  }

  /** Keeps the file small over 200 runs: removes the added passkeys (in-process, not killed) beyond six. */
  private void trim() {
    List<Passkey> passkeys = file.read().passkeys();
    if (passkeys.size() > 6) {
      passkeys.stream().filter(p -> !p.inUse()).forEach(p -> {
        CliRun removed = fixture.run("keystore", "remove-passkey", p.name());
        assertThat(removed.code()).as(removed.err()).isZero();
      });
    }
  }

  private long temporaries() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
    }
  }

  /** Writes the fragment, then fails on a failed run or on a temporary file left after a last, unkilled change. */
  private void report(String fragment, String command, String what, KillRuns stats, int runs) throws IOException {
    long leftovers = temporaries();
    ReliabilityReport.write(fragment, "## Durability: `" + command + "` killed with SIGKILL\n\n" + what
        + " in a child JVM against the embedded engine (" + LATENCY.toMillis() + " ms added to every answer), killed "
        + "at a random point from its first request to Vault to 10% past its calibrated run (from half its run when "
        + "it asks Vault nothing). After each kill the file must be byte for byte the old one or exactly the new "
        + "one, and the passkey in use (and an added passkey) must unwrap to the original key_id. " + runs
        + " kills, seed " + seed + ". Runs killed between writing the temporary file and renaming it (the file "
        + "stays until the next writer removes it): " + runsLeavingATemporaryFile + "; temporary files left after "
        + "one more change, not killed: " + leftovers + ".\n\n"
        + ReliabilityReport.table(KillRuns.HEADER, List.of(stats.row(command))) + "\nTarget: 0 failures.\n");
    assertThat(stats.failures()).as("kills that left a damaged or mixed keystore, or one that does not unwrap")
        .isEmpty();
    assertThat(leftovers).as("temporary files of killed writers, after the next change").isZero();
  }
}
