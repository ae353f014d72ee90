package dev.transitsidecar.rotate;

import dev.transitsidecar.auth.VaultSession;
import dev.transitsidecar.config.RotationConfig;
import dev.transitsidecar.keystore.FileKeystoreStore;
import dev.transitsidecar.keystore.KeystoreConflictException;
import dev.transitsidecar.keystore.KeystoreFile;
import dev.transitsidecar.keystore.KeystoreStore;
import dev.transitsidecar.keystore.TransitPasskey;
import dev.transitsidecar.keystore.WriterClaim;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.time.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One rotation of a Transit key and the keystore (docs/rotation.md), as a pipeline of idempotent steps: rotate
 * the key, rewrap the keystore's ciphertexts of that key, check them, write the keystore, raise
 * {@code min_decryption_version} as far as the {@link Interlock} allows.
 *
 * <p>Nothing is remembered between runs; each run decides from Vault and the keystore what is left to do:
 * <ul>
 *   <li>a keystore ciphertext of the key below {@code latest_version}: a rotation is under way (interrupted after
 *       the key was rotated, or the key was rotated outside); it is finished, the key is not rotated again;</li>
 *   <li>else, {@code min_decryption_version} below what the interlock allows now: an earlier run stopped after
 *       writing the keystore; only the raise is left;</li>
 *   <li>else the key is rotated.</li>
 * </ul>
 * A keystore file's writer lock is held for the whole run, so two rotations never interleave. A keystore in a
 * Secret has no lock: before rotating the key, the run records a {@link WriterClaim} in the Secret (a conditional
 * write, so of two runs that decided together only one gets it; the other reads again and decides again), and a run
 * that finds a live claim on the key at its latest version stops instead of rotating it a second time. Any write
 * refused because the keystore changed since it was read sends the run back to the start, to read and decide again
 * as a new run would (up to {@value #ATTEMPTS} times). Each step says what it did (or, in a dry run, would do)
 * through {@code say}; lines never carry a ciphertext or a secret.
 */
public final class Rotation {
  static final int ATTEMPTS = 5;

  private final KeyAdmin admin;
  private final KeystoreSteps keystore;
  private final SeenVersions seen;
  private final Consumer<String> say;
  private final Optional<K10Passkeys> k10;
  private final Claims claims;

  private Rotation(KeyAdmin admin, KeystoreSteps keystore, SeenVersions seen, Consumer<String> say, Claims claims,
      Optional<K10Passkeys> k10) {
    this.admin = admin;
    this.keystore = keystore;
    this.seen = seen;
    this.say = say;
    this.claims = claims;
    this.k10 = k10;
  }

  /**
   * @param session the rotating token's session (needs {@code policies/transit-sidecar-rotate.hcl})
   * @param memory where the checked master key passes through
   * @param file the keystore, when one is configured
   */
  public static Rotation of(Vertx vertx, VaultSession session, LockedMemory memory, String mount, String key,
      Optional<KeystoreFile> file, SeenVersions seen, Consumer<String> say) {
    return of(vertx, session, memory, mount, key, file.map(FileKeystoreStore::new), seen, say, Claims.system());
  }

  /**
   * A rotation of the keystore in {@code store} (a file or a Secret, see {@link KeystoreStore}), empty for none.
   *
   * @param claims the clock and this process's identity, for the claim a rotation records in a Secret
   */
  public static Rotation of(Vertx vertx, VaultSession session, LockedMemory memory, String mount, String key,
      Optional<KeystoreStore> store, SeenVersions seen, Consumer<String> say, Claims claims) {
    KeyAdmin admin = new KeyAdmin(session, mount, key);
    return new Rotation(admin, new KeystoreSteps(vertx, session, memory, admin, store, say), seen, say, claims,
        Optional.empty());
  }

  /**
   * This rotation in K10 mode (docs/k10.md): after the keystore is written, a new K10 Vault passkey for the latest
   * version, in use before the older ones are deleted; then the versions in use are asked again, and only then is
   * {@code min_decryption_version} raised, as far as they allow.
   */
  public Rotation withK10(PasskeyApi api, RotationConfig.K10 config, Clock clock, Scheduler scheduler) {
    return withK10(new K10Passkeys(api, config, clock, scheduler, K10Passkeys.POLL, say));
  }

  Rotation withK10(K10Passkeys passkeys) {
    return new Rotation(admin, keystore, seen, say, claims, Optional.of(passkeys));
  }

  public Future<RotationResult> run(RotationOptions options) {
    return keystore.hold(options.dryRun())
        .compose(hold -> attempt(options, hold, 1, new AtomicInteger())
            .onComplete(done -> hold.close()));
  }

  /**
   * The steps; again from a fresh read when a write found the keystore changed since it was read. {@code firstSeen}
   * keeps the key's latest version as the first attempt read it: a later attempt that finds a newer one knows that
   * another run rotated meanwhile and does not rotate a second time.
   */
  private Future<RotationResult> attempt(RotationOptions options, KeystoreStore.Hold hold, int attempt,
      AtomicInteger firstSeen) {
    return steps(options, hold, firstSeen)
        .recover(e -> {
          if (!(e instanceof KeystoreConflictException) || attempt == ATTEMPTS) {
            return Future.failedFuture(e);
          }
          say.accept(e.getMessage() + ": reading it again and deciding again");
          return attempt(options, hold, attempt + 1, firstSeen);
        });
  }

  private Future<RotationResult> steps(RotationOptions options, KeystoreStore.Hold hold, AtomicInteger firstSeen) {
    // The keystore first, then the key: a rotation that a read keystore's claim (or new version) shows is then
    // always in the key as read, so a run never takes a key read before another's rotation for the latest.
    return keystore.read()
        .compose(stored -> Future.all(admin.read(), seen.of(admin.mount(), admin.key()))
            .map(all -> progress(stored, all.resultAt(0), all.resultAt(1))))
        .map(progress -> {
          firstSeen.compareAndSet(0, progress.key().latestVersion());
          return progress;
        })
        .compose(progress -> askedSidecar(progress, options))
        .compose(progress -> rotateUnlessUnderWay(progress, options, hold, firstSeen.get()))
        .compose(progress -> keystore.rewrap(progress, options.dryRun()))
        .compose(progress -> keystore.verify(progress, options.dryRun()))
        .compose(progress -> keystore.write(progress, hold, options.dryRun()))
        .compose(progress -> k10(progress, options))
        .compose(progress -> raise(progress, options));
  }

  private static Progress progress(Optional<KeystoreStore.Stored> stored, KeyInfo key, SeenVersions.Report seen) {
    return new Progress(stored, stored.map(KeystoreStore.Stored::keystore), List.of(), key, seen, false);
  }

  private Future<Progress> askedSidecar(Progress progress, RotationOptions options) {
    SeenVersions.Report report = progress.seen();
    if (report.pods().isPresent()) {
      return askedPods(progress, report, options);
    }
    if (report.versions().isPresent()) {
      say.accept("asked " + report.where() + ": versions of " + admin.key() + " decrypted recently: "
          + (report.versions().get().isEmpty() ? "none" : report.versions().get().keySet()));
      return Future.succeededFuture(progress);
    }
    if (options.requireSidecar()) {
      return Future.failedFuture(new RotationException("could not ask " + report.where()
          + " for the versions it decrypted recently: " + report.problem()));
    }
    say.accept("could not ask " + report.where() + " for the versions it decrypted recently (" + report.problem()
        + "); going on with the keystore's versions only");
    return Future.succeededFuture(progress);
  }

  /** One line per pod: its versions, or why it holds the raise back, or that it was not asked. */
  private Future<Progress> askedPods(Progress progress, SeenVersions.Report report, RotationOptions options) {
    List<SeenVersions.Report> pods = report.pods().orElseThrow();
    if (pods.isEmpty()) {
      if (options.requireSidecar()) {
        return Future.failedFuture(new RotationException("found none of " + report.where()));
      }
      say.accept("found none of " + report.where() + "; going on with the keystore's versions only");
      return Future.succeededFuture(progress);
    }
    for (SeenVersions.Report pod : pods) {
      if (pod.versions().isPresent()) {
        say.accept("asked " + pod.where() + ": versions of " + admin.key() + " decrypted recently: "
            + (pod.versions().get().isEmpty() ? "none" : pod.versions().get().keySet()));
      } else if (pod.holdsBack()) {
        say.accept(pod.where() + " did not answer (" + pod.problem() + "): it holds the raise back");
      } else {
        say.accept(pod.where() + " is " + pod.problem());
      }
    }
    return Future.succeededFuture(progress);
  }

  /** K10 mode: the new passkey in use and the older ones deleted, then the versions in use asked again. */
  private Future<Progress> k10(Progress progress, RotationOptions options) {
    if (k10.isEmpty()) {
      return Future.succeededFuture(progress);
    }
    return k10.get().run(admin, progress.key().latestVersion(), options.dryRun())
        .compose(v -> seen.of(admin.mount(), admin.key()))
        .compose(report -> {
          say.accept("asked again after K10's passkey change:");
          return askedSidecar(progress.withSeen(report), options);
        });
  }

  private Future<Progress> rotateUnlessUnderWay(Progress progress, RotationOptions options, KeystoreStore.Hold hold,
      int firstSeen) {
    KeyInfo key = progress.key();
    List<TransitPasskey> behind = progress.behind(admin);
    if (!behind.isEmpty()) {
      say.accept("a rotation of " + admin.name() + " is under way: passkey " + behind.getFirst().name() + " is at v"
          + behind.getFirst().version() + ", the key at v" + key.latestVersion()
          + "; finishing it without a new key version");
      return Future.succeededFuture(progress);
    }
    int wanted = options.minDecryptionVersion().orElse(key.latestVersion());
    if (wanted > key.latestVersion() + 1) {
      throw new RotationException("--min-decryption-version " + wanted + " is above the latest version "
          + key.latestVersion() + " of " + admin.name() + " even after a rotation");
    }
    if (wanted <= key.latestVersion() && interlock(progress, options).raises()) {
      say.accept("the keystore is at the latest version v" + key.latestVersion() + " but min_decryption_version is "
          + key.minDecryptionVersion() + ": finishing the earlier rotation without a new key version");
      return Future.succeededFuture(progress);
    }
    if (key.latestVersion() > firstSeen) {
      say.accept("another run rotated " + admin.name() + " from v" + firstSeen + " to v" + key.latestVersion()
          + " meanwhile and finished it: no second rotation");
      return Future.succeededFuture(progress);
    }
    if (options.dryRun()) {
      say.accept("would rotate " + admin.name() + " from v" + key.latestVersion() + " to v" + (key.latestVersion() + 1));
      return Future.succeededFuture(progress.withKey(new KeyInfo(key.latestVersion() + 1, key.minDecryptionVersion(),
          key.created()), false));
    }
    Optional<WriterClaim> other = progress.stored().flatMap(KeystoreStore.Stored::claim)
        .filter(c -> c.key().equals(admin.name()) && c.fromVersion() == key.latestVersion());
    if (other.isPresent() && claims.live(other.get())) {
      return Future.failedFuture(new RotationException("another rotation of " + admin.name() + " is under way, "
          + "claimed by " + other.get() + "; run rotate again when it has finished (a claim is taken over once its "
          + "process is gone, or after " + Claims.LEASE.toMinutes() + " minutes)"));
    }
    other.ifPresent(c -> say.accept("taking over the rotation claimed by " + c + ": that process is gone"));
    return keystore.claim(progress, hold, claims.claim(admin.name(), key.latestVersion()))
        .compose(claimed -> admin.rotate().map(claimed))
        .compose(claimed -> admin.read().map(next -> claimed.withKey(next, true)))
        .onSuccess(rotated -> say.accept("rotated " + admin.name() + ": new version v"
            + rotated.key().latestVersion()));
  }

  private Future<RotationResult> raise(Progress progress, RotationOptions options) {
    KeyInfo key = progress.key();
    Interlock interlock = interlock(progress, options);
    interlock.blocking().filter(b -> interlock.forced()).ifPresent(b -> say.accept("WARNING: --force: raising "
        + "min_decryption_version to " + interlock.target() + " locks out version " + b.version() + ", still in use ("
        + b.where() + ")" + others(interlock, b)));
    Future<Void> raised = Future.succeededFuture();
    if (!interlock.raises()) {
      say.accept("min_decryption_version of " + admin.name() + " stays at " + key.minDecryptionVersion());
    } else if (options.dryRun()) {
      say.accept("would raise min_decryption_version of " + admin.name() + " from " + key.minDecryptionVersion()
          + " to " + interlock.target());
    } else {
      raised = admin.setMinDecryptionVersion(interlock.target())
          .onSuccess(v -> say.accept("raised min_decryption_version of " + admin.name() + " from "
              + key.minDecryptionVersion() + " to " + interlock.target()));
    }
    return raised.map(v -> new RotationResult(admin.name(), key.latestVersion(),
        options.dryRun() ? key.minDecryptionVersion() : interlock.target(), progress.rotated(), heldBack(interlock)));
  }

  private Optional<String> heldBack(Interlock interlock) {
    return interlock.blocking().filter(b -> interlock.heldBack()).map(b -> "version " + b.version() + " of "
        + admin.name() + " is still in use (" + b.where() + ")" + others(interlock, b)
        + ": min_decryption_version was raised only to " + interlock.target()
        + "; run rotate again when it is no longer used, or pass --force");
  }

  /** The other uses holding the raise back (in the cluster: the other pods), each named. */
  private static String others(Interlock interlock, InUse oldest) {
    List<String> rest = interlock.holding().stream().filter(u -> u != oldest)
        .map(u -> "v" + u.version() + ": " + u.where()).toList();
    return rest.isEmpty() ? "" : "; also " + String.join("; ", rest);
  }

  /**
   * When this run replaced a keystore kept in a Secret (a store with versions): the passkeys of the keystore it
   * replaced, which pods that mount the Secret may still read until the kubelet updates their copy (about a minute,
   * plus the kubelet's cache; docs/rotation.md, "The keystore in a Secret"), so this run does not raise above them.
   */
  private List<InUse> replacedInASecret(Progress progress) {
    if (progress.rewrapped().isEmpty() || progress.stored().isEmpty() || progress.stored().get().version().isEmpty()) {
      return List.of();
    }
    KeystoreStore.Stored replaced = progress.stored().get();
    return replaced.keystore().passkeys().stream()
        .flatMap(p -> p instanceof TransitPasskey t && t.mount().equals(admin.mount()) && t.key().equals(admin.key())
            ? Stream.of(new InUse(t.version(), "the keystore this run replaced in the Secret, which pods that mount"
                + " it may still read for about two minutes"))
            : Stream.empty())
        .toList();
  }

  /** The interlock for the state after this run: every keystore passkey on the key at the latest version. */
  private Interlock interlock(Progress progress, RotationOptions options) {
    KeyInfo key = progress.key();
    int wanted = options.minDecryptionVersion().orElse(key.latestVersion());
    if (wanted > key.latestVersion()) {
      throw new RotationException("--min-decryption-version " + wanted + " is above the latest version "
          + key.latestVersion() + " of " + admin.name());
    }
    List<InUse> inUse = new ArrayList<>();
    progress.ours(admin).forEach(p -> inUse.add(new InUse(Math.max(p.version(), key.latestVersion()),
        "keystore passkey " + p.name())));
    for (SeenVersions.Report answer : progress.seen().answers()) {
      answer.versions().ifPresent(versions -> versions.forEach((version, at) -> inUse.add(new InUse(version,
          "decrypted through " + answer.where() + ", last at " + at))));
      if (answer.holdsBack()) {
        inUse.add(new InUse(key.minDecryptionVersion(), answer.where() + " did not answer, its versions are unknown ("
            + answer.problem() + ")"));
      }
    }
    replacedInASecret(progress).forEach(inUse::add);
    return Interlock.decide(key.minDecryptionVersion(), wanted, inUse, options.force());
  }
}
