package dev.transitsidecar.devvault;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The named keys of one mount, with the engine's clock and randomness. Auto-rotation is applied lazily: a key
 * whose latest version is older than its {@code auto_rotate_period} rotates when it is next looked up (Vault
 * rotates from a periodic background task). Not thread-safe: {@link TransitBackend} serialises all access.
 */
final class TransitKeys {
  private final Clock clock;
  private final SecureRandom random;
  private final TreeMap<String, TransitKey> keys = new TreeMap<>();

  TransitKeys(Clock clock, SecureRandom random) {
    this.clock = clock;
    this.random = random;
  }

  SecureRandom random() {
    return random;
  }

  Instant now() {
    return clock.instant();
  }

  /** The key, or null; rotates it first when its auto-rotation is due. */
  TransitKey find(String name) {
    TransitKey key = keys.get(name);
    if (key != null) {
      key.rotateIfDue(random, now());
    }
    return key;
  }

  boolean exists(String name) {
    return keys.containsKey(name);
  }

  /** Creates the key unless it exists; returns true when it was created (Vault's "upserted"). */
  boolean createIfAbsent(String name, TransitKey.Spec spec) {
    if (keys.containsKey(name)) {
      return false;
    }
    keys.put(name, TransitKey.create(name, spec, random, now()));
    return true;
  }

  void rotate(TransitKey key) {
    key.rotate(random, now());
  }

  /** Removes and zeroes the key. */
  void delete(String name) {
    TransitKey removed = keys.remove(name);
    if (removed != null) {
      removed.close();
    }
  }

  /** Key names in lexical order (Vault lists its storage prefix). */
  List<String> names() {
    return new ArrayList<>(keys.keySet());
  }
}
