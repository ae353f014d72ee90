package dev.transitsidecar.seen;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ciphertext versions this sidecar decrypted, per Transit mount and key, with when each was last seen: the
 * proxy's decrypts (single and batch) and the master key's unwraps. Forgotten {@code window} ({@code cache.ttl})
 * after that. The rotation interlock (docs/rotation.md) never raises {@code min_decryption_version} above a version
 * still listed here; {@code rotate} reads it from {@code GET /sidecar/v1/status} (loopback) or from
 * {@code GET /seen-versions} on the health port (another pod), and Prometheus from
 * {@code transit_sidecar_cache_seen_version_timestamp_seconds{mount,key,version}}. Versions and times only, never a
 * ciphertext. Thread-safe.
 */
public final class DecryptedVersions {
  /** The gauge: the Unix time a version was last decrypted, one series per mount, key and version. */
  public static final String METRIC = "transit_sidecar_cache_seen_version_timestamp_seconds";

  private final Clock clock;
  private final Duration window;
  private final Map<String, Map<String, Map<Integer, Instant>>> byMount = new TreeMap<>();
  /** The master key's unwraps, kept apart so that the sidecar's own scheduled rotation can leave them out. */
  private final Map<String, Map<String, Map<Integer, Instant>>> unwraps = new TreeMap<>();
  private MultiGauge gauge;

  public DecryptedVersions(Clock clock, Duration window) {
    this.clock = clock;
    this.window = window;
  }

  /**
   * Registers {@link #METRIC}; its series follow what {@link #current()} lists, brought up to date by that call (the
   * scrape of {@code /metrics} makes it first), not by each decrypt: rebuilding the series set costs far more than a
   * decrypt served from the cache.
   */
  public synchronized void bindTo(MeterRegistry registry) {
    gauge = MultiGauge.builder(METRIC)
        .description("Unix time a ciphertext version of a Transit key was last decrypted through this sidecar "
            + "(forgotten after cache.ttl)")
        .register(registry);
    refreshGauge(snapshot());
  }

  /** Removes the gauge's series (at close); a decrypt recorded later brings none back. */
  public synchronized void unbind() {
    if (gauge != null) {
      gauge.register(List.of(), true);
      gauge = null;
    }
  }

  /** Versions decrypted through the proxy. */
  public synchronized void record(String mount, String key, List<Integer> versions) {
    put(byMount, mount, key, versions);
  }

  /** The version the master key was unwrapped with (the keystore this sidecar reads is wrapped with it). */
  public synchronized void recordUnwrap(String mount, String key, int version) {
    put(unwraps, mount, key, List.of(version));
  }

  private void put(Map<String, Map<String, Map<Integer, Instant>>> into, String mount, String key,
      List<Integer> versions) {
    Instant now = clock.instant();
    Map<Integer, Instant> seen = into.computeIfAbsent(mount, m -> new TreeMap<>())
        .computeIfAbsent(key, k -> new TreeMap<>());
    versions.forEach(v -> seen.put(v, now));
  }

  /** Per mount, per key, each version seen within the window (decrypts and unwraps) and when it was last seen. */
  public synchronized Map<String, Map<String, Map<Integer, Instant>>> current() {
    Map<String, Map<String, Map<Integer, Instant>>> now = snapshot();
    refreshGauge(now);
    return now;
  }

  /** The versions of {@code mount/key} seen within the window, unwraps of the master key included. */
  public Map<Integer, Instant> of(String mount, String key) {
    return current().getOrDefault(mount, Map.of()).getOrDefault(key, Map.of());
  }

  /**
   * The versions of {@code mount/key} decrypted through the proxy only: what the sidecar's own scheduled rotation
   * asks, since the keystore it rewrites is the file its next unwrap reads.
   */
  public synchronized Map<Integer, Instant> decryptedThroughTheProxy(String mount, String key) {
    prune(byMount, clock.instant().minus(window));
    return Map.copyOf(byMount.getOrDefault(mount, Map.of()).getOrDefault(key, Map.of()));
  }

  /** {@code {"transit": {"kasten": {"3": "2026-11-29T12:00:00Z"}}}}. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    current().forEach((mount, keys) -> {
      JsonObject byKey = new JsonObject();
      keys.forEach((key, seen) -> {
        JsonObject versions = new JsonObject();
        seen.forEach((version, at) -> versions.put(String.valueOf(version), at.toString()));
        byKey.put(key, versions);
      });
      json.put(mount, byKey);
    });
    return json;
  }

  private Map<String, Map<String, Map<Integer, Instant>>> snapshot() {
    Instant oldest = clock.instant().minus(window);
    prune(byMount, oldest);
    prune(unwraps, oldest);
    Map<String, Map<String, Map<Integer, Instant>>> copy = new TreeMap<>();
    for (Map<String, Map<String, Map<Integer, Instant>>> source : List.of(byMount, unwraps)) {
      source.forEach((mount, keys) -> keys.forEach((key, seen) -> seen.forEach((version, at) ->
          copy.computeIfAbsent(mount, m -> new TreeMap<>()).computeIfAbsent(key, k -> new TreeMap<>())
              .merge(version, at, (a, b) -> a.isAfter(b) ? a : b))));
    }
    return copy;
  }

  private static void prune(Map<String, Map<String, Map<Integer, Instant>>> source, Instant oldest) {
    source.values().forEach(keys -> {
      keys.values().forEach(seen -> seen.values().removeIf(at -> at.isBefore(oldest)));
      keys.values().removeIf(Map::isEmpty);
    });
    source.values().removeIf(Map::isEmpty);
  }

  private void refreshGauge(Map<String, Map<String, Map<Integer, Instant>>> now) {
    if (gauge == null) {
      return;
    }
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    now.forEach((mount, keys) -> keys.forEach((key, seen) -> seen.forEach((version, at) -> rows.add(
        MultiGauge.Row.of(Tags.of("mount", mount, "key", key, "version", String.valueOf(version)),
            at.toEpochMilli() / 1000.0)))));
    gauge.register(rows, true);
  }
}
