package dev.transitsidecar.rotate;

import dev.transitsidecar.keystore.Keystore;
import dev.transitsidecar.keystore.KeystoreStore;
import dev.transitsidecar.keystore.TransitPasskey;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a rotation stands, passed from step to step (nothing of it is kept between runs: a new run reads it all
 * again from Vault and the keystore).
 *
 * @param stored the keystore as read, with the version to write over (no keystore configured: empty)
 * @param keystore the keystore as it will be written (no keystore configured: empty)
 * @param rewrapped the passkeys this run rewrapped, to verify and write
 * @param key the key as Vault has it (in a dry run: as it would be)
 */
record Progress(Optional<KeystoreStore.Stored> stored, Optional<Keystore> keystore, List<TransitPasskey> rewrapped,
    KeyInfo key, SeenVersions.Report seen, boolean rotated) {
  Progress {
    rewrapped = List.copyOf(rewrapped);
  }

  /** The keystore's Transit passkeys on the rotated key. */
  List<TransitPasskey> ours(KeyAdmin admin) {
    return keystore.stream()
        .flatMap(k -> k.passkeys().stream())
        .flatMap(p -> p instanceof TransitPasskey t ? Stream.of(t) : Stream.empty())
        .filter(t -> t.mount().equals(admin.mount()) && t.key().equals(admin.key()))
        .toList();
  }

  List<TransitPasskey> behind(KeyAdmin admin) {
    return ours(admin).stream().filter(p -> p.version() < key.latestVersion()).toList();
  }

  Progress withKey(KeyInfo next, boolean rotatedNow) {
    return new Progress(stored, keystore, rewrapped, next, seen, rotatedNow);
  }

  Progress withSeen(SeenVersions.Report next) {
    return new Progress(stored, keystore, rewrapped, key, next, rotated);
  }

  Progress withRewrapped(Keystore next, List<TransitPasskey> changed) {
    return new Progress(stored, Optional.of(next), changed, key, seen, rotated);
  }

  /** After this run's claim was recorded beside the keystore (a new version of it to write over). */
  Progress withStored(KeystoreStore.Stored claimed) {
    return new Progress(Optional.of(claimed), keystore, rewrapped, key, seen, rotated);
  }
}
