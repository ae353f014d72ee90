package dev.transitsidecar.keystore;

import dev.transitsidecar.memory.SecretBytes;
import dev.transitsidecar.time.Cancellable;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * What {@link MasterKey} holds, behind one monitor: the key (or none), when it was unwrapped, the unwrap in flight,
 * the last failure, the keystore last read (for the status) and the two timers of the held key. The key is used and
 * wiped only under the monitor, so a wipe never races a derivation.
 */
final class KeyState {
  private SecretBytes key;
  private Instant unwrappedAt;
  private Instant refreshAt;
  private String keyId;
  private Future<Void> refreshing;
  private String lastError;
  private boolean lastSucceeded;
  private boolean lastWasOutage;
  private Instant lastFailedAt = Instant.MIN;
  private Keystore keystore;
  private Cancellable again = () -> {};
  private Cancellable wipe = () -> {};

  synchronized <T> Optional<T> applyIfYoungerThan(Instant now, Duration limit, BiFunction<SecretBytes, String, T> use) {
    if (key == null || Duration.between(unwrappedAt, now).compareTo(limit) >= 0) {
      return Optional.empty();
    }
    return Optional.of(use.apply(key, keyId));
  }

  /**
   * Holds {@code secret}, whose {@code key_id} the caller has checked against the keystore, to be unwrapped again
   * from {@code refreshAt}.
   */
  synchronized void hold(SecretBytes secret, String id, Instant now, Instant refreshAt) {
    this.refreshAt = refreshAt;
    if (key != null) {
      key.close();
    }
    key = secret;
    unwrappedAt = now;
    keyId = id;
  }

  synchronized void timers(Cancellable nextUnwrap, Cancellable nextWipe) {
    again.cancel();
    wipe.cancel();
    again = nextUnwrap;
    wipe = nextWipe;
  }

  synchronized void wipeIfOlderThan(Instant now, Duration limit) {
    if (key != null && Duration.between(unwrappedAt, now).compareTo(limit) >= 0) {
      wipe();
    }
  }

  synchronized void wipe() {
    again.cancel();
    wipe.cancel();
    if (key != null) {
      key.close();
      key = null;
      unwrappedAt = null;
    }
  }

  /** Whether a key is held that is younger than {@code limit}. */
  synchronized boolean holdsYoungerThan(Instant now, Duration limit) {
    return key != null && Duration.between(unwrappedAt, now).compareTo(limit) < 0;
  }

  /** Whether an unwrap is running (one that completed but whose bookkeeping has not run yet does not count). */
  synchronized boolean unwrapping() {
    return refreshing != null && !refreshing.isComplete();
  }

  /**
   * Whether the held key should be unwrapped again now: it is past its refresh point, no unwrap is running, and none
   * failed within {@code pause}.
   */
  synchronized boolean refreshDue(Instant now, Duration pause) {
    return key != null && !now.isBefore(refreshAt) && !unwrapping() && failedLongerAgoThan(now, pause);
  }

  synchronized Optional<Future<Void>> refreshing() {
    return Optional.ofNullable(refreshing);
  }

  synchronized void refreshing(Future<Void> unwrap) {
    refreshing = unwrap;
  }

  /** The unwrap {@code unwrap} ended: with {@code error} (a safe reason), or with success when it is null. */
  synchronized void refreshDone(Future<Void> unwrap, String error, boolean outage, Instant now) {
    if (refreshing == unwrap) {
      refreshing = null;
    }
    if (error != null) {
      lastFailedAt = now;
    }
    lastError = error;
    lastSucceeded = error == null;
    lastWasOutage = outage;
  }

  /** The reason the last unwrap failed, or null after a success. */
  synchronized String lastError() {
    return lastError;
  }

  /** Whether {@code pause} has passed since the last failed unwrap (always, when none failed). */
  synchronized boolean failedLongerAgoThan(Instant now, Duration pause) {
    return !lastFailedAt.plus(pause).isAfter(now);
  }

  /** Whether the last unwrap failed because Vault was down (so a held key is served stale without waiting). */
  synchronized boolean lastWasOutage() {
    return lastWasOutage;
  }

  synchronized void read(Keystore read) {
    keystore = read;
  }

  synchronized String keyId() {
    return keyId;
  }

  synchronized Optional<String> notReadyReason() {
    if (key != null || lastSucceeded) {
      return Optional.empty();
    }
    return Optional.of(lastError != null ? lastError : "not unwrapped yet");
  }

  synchronized JsonObject status(Instant now) {
    JsonObject status = new JsonObject()
        .put("key_id", keystore == null ? null : keystore.keyId())
        .put("cached", key != null)
        .put("age_seconds", key == null ? null : Duration.between(unwrappedAt, now).toSeconds())
        .put("last_error", lastError);
    JsonArray passkeys = new JsonArray();
    if (keystore != null) {
      keystore.passkeys().forEach(p -> passkeys.add(new JsonObject().put("name", p.name()).put("type", p.type())
          .put("in_use", p.inUse())));
    }
    return status.put("passkeys", passkeys);
  }
}
