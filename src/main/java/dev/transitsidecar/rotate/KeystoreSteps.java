package dev.transitsidecar.rotate;

import dev.transitsidecar.auth.VaultSession;
import dev.transitsidecar.derive.Hkdf;
import dev.transitsidecar.keystore.Keystore;
import dev.transitsidecar.keystore.KeystoreStore;
import dev.transitsidecar.keystore.TransitPasskey;
import dev.transitsidecar.keystore.TransitWrapping;
import dev.transitsidecar.keystore.WriterClaim;
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
 * the keystore (a file atomically; a Secret with the version read). Until the write, the stored keystore is the old
 * one, which still unwraps (the old version is still allowed); after it, the new one, which was just checked.
 */
final class KeystoreSteps {
  private final Vertx vertx;
  private final VaultSession session;
  private final LockedMemory memory;
  private final KeyAdmin admin;
  private final Optional<KeystoreStore> store;
  private final Consumer<String> say;

  KeystoreSteps(Vertx vertx, VaultSession session, LockedMemory memory, KeyAdmin admin, Optional<KeystoreStore> store,
      Consumer<String> say) {
    this.vertx = vertx;
    this.session = session;
    this.memory = memory;
    this.admin = admin;
    this.store = store;
    this.say = say;
  }

  Future<Optional<KeystoreStore.Stored>> read() {
    return store.isEmpty()
        ? Future.succeededFuture(Optional.empty())
        : vertx.executeBlocking(() -> store.get().read()).compose(read -> read).map(Optional::of);
  }

  /** Takes the store's hold, the file's writer lock (none without a keystore or in a dry run). */
  Future<KeystoreStore.Hold> hold(boolean dryRun) {
    return store.isEmpty() || dryRun
        ? Future.succeededFuture(KeystoreStore.Hold.NONE)
        : vertx.executeBlocking(() -> store.get().hold()).compose(hold -> hold);
  }

  /** Records this run's claim beside the keystore before the key is rotated (a Secret's; a file needs none). */
  Future<Progress> claim(Progress progress, KeystoreStore.Hold hold, WriterClaim claim) {
    if (store.isEmpty() || progress.stored().isEmpty()) {
      return Future.succeededFuture(progress);
    }
    return vertx.executeBlocking(() -> store.get().claim(hold, progress.stored().get(), claim))
        .compose(claimed -> claimed)
        .map(progress::withStored);
  }

  Future<Progress> rewrap(Progress progress, boolean dryRun) {
    int latest = progress.key().latestVersion();
    List<TransitPasskey> behind = progress.behind(admin);
    if (progress.keystore().isEmpty() || behind.isEmpty()) {
      say.accept("keystore: no passkey on " + admin.name() + " below v" + latest + (store.isEmpty() ? " (no keystore"
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

  Future<Progress> write(Progress progress, KeystoreStore.Hold hold, boolean dryRun) {
    if (dryRun && !progress.behind(admin).isEmpty()) {
      say.accept("would write keystore " + store.orElseThrow().where() + (progress.stored().orElseThrow().version()
          .isEmpty() ? " atomically" : " over the version read"));
    }
    if (dryRun || progress.rewrapped().isEmpty()) {
      return Future.succeededFuture(progress);
    }
    Keystore next = progress.keystore().orElseThrow();
    KeystoreStore.Stored from = progress.stored().orElseThrow();
    return vertx.executeBlocking(() -> store.orElseThrow().replace(hold, from, next, true))
        .compose(written -> written)
        .map(written -> progress)
        .onSuccess(p -> say.accept("wrote keystore " + store.orElseThrow().where()));
  }
}
