package dev.transitsidecar.cache;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ciphertext versions decrypted through the proxy, per Transit key, with when each was last seen; forgotten
 * {@code window} ({@code cache.ttl}) after that. The rotation interlock (docs/rotation.md) never raises
 * {@code min_decryption_version} above a version still listed here. Versions and times only, never a ciphertext.
 * Thread-safe.
 */
final class SeenVersions {
  private final Clock clock;
  private final Duration window;
  private final Map<String, Map<Integer, Instant>> byKey = new HashMap<>();

  SeenVersions(Clock clock, Duration window) {
    this.clock = clock;
    this.window = window;
  }

  synchronized void record(String transitKey, List<Integer> versions) {
    Instant now = clock.instant();
    Map<Integer, Instant> seen = byKey.computeIfAbsent(transitKey, k -> new TreeMap<>());
    versions.forEach(v -> seen.put(v, now));
  }

  /** Per key, each version seen within the window and when it was last seen. */
  synchronized Map<String, Map<Integer, Instant>> current() {
    Instant oldest = clock.instant().minus(window);
    byKey.values().forEach(seen -> seen.values().removeIf(at -> at.isBefore(oldest)));
    byKey.values().removeIf(Map::isEmpty);
    Map<String, Map<Integer, Instant>> copy = new TreeMap<>();
    byKey.forEach((key, seen) -> copy.put(key, Map.copyOf(seen)));
    return copy;
  }

  /** {@code {"kasten": {"3": "2026-11-29T12:00:00Z"}}}. */
  JsonObject toJson() {
    JsonObject json = new JsonObject();
    current().forEach((key, seen) -> {
      JsonObject versions = new JsonObject();
      new TreeMap<>(seen).forEach((version, at) -> versions.put(String.valueOf(version), at.toString()));
      json.put(key, versions);
    });
    return json;
  }
}
