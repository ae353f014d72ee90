package dev.transitsidecar.rotate;

import dev.transitsidecar.auth.VaultSession;
import dev.transitsidecar.derive.Hkdf;
import dev.transitsidecar.keystore.Keystore;
import dev.transitsidecar.keystore.KeystoreFile;
import dev.transitsidecar.keystore.TransitPasskey;
import dev.transitsidecar.keystore.TransitWrapping;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.memory.SecretBytes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The keystore's part of a rotation (steps 2 to 4 of docs/rotation.md): rewrap each passkey on the key that is
 * below the latest version, unwrap each new ciphertext and check it gives the keystore's {@code key_id}, and write
 * the keystore atomically. Until the write, the file on disk is the old one, which still unwraps (the old version is
 * still allowed); after it, the new one, which was just checked.
 */
final class KeystoreSteps {
  private final Vertx vertx;
  private final VaultSession session;
  private final LockedMemory memory;
  private final KeyAdmin admin;
  private final Optional<KeystoreFile> file;
  private final Consumer<String> say;

  KeystoreSteps(Vertx vertx, VaultSession session, LockedMemory memory, KeyAdmin admin, Optional<KeystoreFile> file,
      Consumer<String> say) {
    this.vertx = vertx;
    this.session = session;
    this.memory = memory;
    this.admin = admin;
    this.file = file;
    this.say = say;
  }

  Future<Optional<Keystore>> read() {
    return file.isEmpty()
        ? Future.succeededFuture(Optional.empty())
        : vertx.executeBlocking(() -> Optional.of(file.get().read()));
  }

  /** Takes the keystore writer's lock (none without a keystore or in a dry run). */
  Future<Optional<KeystoreFile.WriteLock>> lock(boolean dryRun) {
    return file.isEmpty() || dryRun
        ? Future.succeededFuture(Optional.empty())
        : vertx.executeBlocking(() -> Optional.of(file.get().lockForWriting()));
  }

  void release(Optional<KeystoreFile.WriteLock> lock) {
    lock.ifPresent(KeystoreFile.WriteLock::close);
  }

  Future<Progress> rewrap(Progress progress, boolean dryRun) {
    int latest = progress.key().latestVersion();
    List<TransitPasskey> behind = progress.behind(admin);
    if (progress.keystore().isEmpty() || behind.isEmpty()) {
      say.accept("keystore: no passkey on " + admin.name() + " below v" + latest + (file.isEmpty() ? " (no keystore"
          + " configured)" : ""));
      return Future.succeededFuture(progress);
    }
    if (dryRun) {
      behind.forEach(p -> say.accept("would rewrap passkey " + p.name() + " from v" + p.version() + " to v" + latest));
      return Future.succeededFuture(progress);
    }
    Future<Keystore> next = Future.succeededFuture(progress.keystore().get());
    List<TransitPasskey> changed = new ArrayList<>();
    for (TransitPasskey passkey : behind) {
      next = next.compose(keystore -> admin.rewrap(passkey.ciphertext(), latest)
          .map(passkey::rewrapped)
          .map(rewrapped -> {
            changed.add(rewrapped);
            say.accept("rewrapped passkey " + passkey.name() + " from v" + passkey.version() + " to v" + latest);
            return keystore.replacing(rewrapped);
          }));
    }
    return next.map(keystore -> progress.withRewrapped(keystore, changed));
  }

  /** Unwraps every rewrapped passkey and compares the key_id; one that does not match stops the rotation. */
  Future<Progress> verify(Progress progress, boolean dryRun) {
    if (dryRun) {
      progress.behind(admin).forEach(p -> say.accept("would unwrap the new ciphertext of passkey " + p.name()
          + " and check key_id " + progress.keystore().orElseThrow().keyId()));
      return Future.succeededFuture(progress);
    }
    Future<Void> all = Future.succeededFuture();
    for (TransitPasskey passkey : progress.rewrapped()) {
      String expected = progress.keystore().orElseThrow().keyId();
      all = all.compose(v -> keyIdOf(passkey).map(keyId -> check(passkey, keyId, expected)));
    }
    return all.map(v -> progress);
  }

  private Future<String> keyIdOf(TransitPasskey passkey) {
    return TransitWrapping.unwrap(session, memory, passkey)
        .recover(e -> Future.failedFuture(KeyAdmin.explained(e, "update", admin.mount() + "/decrypt/" + admin.key())))
        .map(master -> {
          try (SecretBytes key = master) {
            return key.exposeTo(Hkdf::keyId);
          }
        });
  }

  private Void check(TransitPasskey passkey, String keyId, String expected) {
    if (!keyId.equals(expected)) {
      throw new RotationException("the rewrapped passkey " + passkey.name() + " unwraps to key_id " + keyId
          + ", not the keystore's " + expected + "; the keystore was not written");
    }
    say.accept("checked passkey " + passkey.name() + ": it unwraps to key_id " + expected);
    return null;
  }

  Future<Progress> write(Progress progress, Optional<KeystoreFile.WriteLock> lock, boolean dryRun) {
    if (dryRun && !progress.behind(admin).isEmpty()) {
      say.accept("would write keystore " + file.orElseThrow().path() + " atomically");
    }
    if (dryRun || progress.rewrapped().isEmpty()) {
      return Future.succeededFuture(progress);
    }
    Keystore next = progress.keystore().orElseThrow();
    return vertx.executeBlocking(() -> {
      file.orElseThrow().write(next, lock.orElseThrow());
      return progress;
    }).onSuccess(p -> say.accept("wrote keystore " + file.orElseThrow().path()));
  }
}
