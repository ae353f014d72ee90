package dev.transitsidecar.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.util.function.IntSupplier;

/**
 * The decrypt cache's metrics, rendered by Prometheus as {@code transit_sidecar_cache_hits_total},
 * {@code transit_sidecar_cache_misses_total}, {@code transit_sidecar_cache_stale_total},
 * {@code transit_sidecar_cache_entries}, {@code transit_sidecar_cache_evictions_total{reason}},
 * {@code transit_sidecar_cache_refreshes_total{kind="decrypt",result}} and
 * {@code transit_sidecar_cache_waits_total{kind="decrypt"}}
 * ({@code transit_sidecar_memory_locked} is the slab's own, from {@code LockedMemory.bindTo}). A hit is an answer from a fresh entry;
 * a miss is every other cacheable request (those that waited on another request's Vault call included); a stale
 * serve is a miss answered from an entry past its TTL because Vault failed or a call for it was in flight. A refresh
 * is a used entry fetched again ahead of its TTL ({@code ok}, {@code failed}) or, unused, left to expire
 * ({@code skipped}); a wait is a request that found its entry past the TTL and had to wait for Vault (0 while every
 * used entry is refreshed in time). The master key counts its own under {@code kind="master_key"}.
 */
final class CacheMetrics {
  /** Why an entry was wiped: {@code expired} (its time ran out or a fresh answer replaced it), {@code evicted}
   *  (least recently used, to make room), {@code policy} ({@code min_decryption_version} passed it, or Vault
   *  refused the ciphertext). */
  enum Reason {
    EXPIRED, EVICTED, POLICY;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** How a refresh ahead of the TTL ended. */
  enum Refresh {
    OK, FAILED, SKIPPED;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Counter hits;
  private final Counter[] refreshes = new Counter[Refresh.values().length];
  private final Counter waits;
  private final Counter misses;
  private final Counter stale;
  private final Counter[] evictions = new Counter[Reason.values().length];
  private final MeterRegistry registry;

  CacheMetrics(MeterRegistry registry) {
    this.registry = registry;
    hits = Counter.builder("transit_sidecar_cache_hits").description("Decrypts answered from the cache")
        .register(registry);
    misses = Counter.builder("transit_sidecar_cache_misses")
        .description("Cacheable decrypts that found no fresh entry").register(registry);
    stale = Counter.builder("transit_sidecar_cache_stale")
        .description("Decrypts answered from an expired entry because Vault failed or a refresh was in flight")
        .register(registry);
    for (Refresh result : Refresh.values()) {
      refreshes[result.ordinal()] = Counter.builder("transit_sidecar_cache_refreshes")
          .description("Cached answers and the master key fetched again ahead of their TTL, by result")
          .tag("kind", "decrypt").tag("result", result.label()).register(registry);
    }
    waits = Counter.builder("transit_sidecar_cache_waits")
        .description("Requests that waited for Vault for an answer the cache held past its TTL")
        .tag("kind", "decrypt").register(registry);
    for (Reason reason : Reason.values()) {
      evictions[reason.ordinal()] = Counter.builder("transit_sidecar_cache_evictions")
          .description("Cache entries wiped").tag("reason", reason.label()).register(registry);
    }
  }

  /** Registers the entries gauge, read from {@code entries}. */
  void countEntries(IntSupplier entries) {
    Gauge.builder("transit_sidecar_cache_entries", entries::getAsInt).description("Entries in the decrypt cache")
        .strongReference(true).register(registry);
  }

  void hit() {
    hits.increment();
  }

  void miss() {
    misses.increment();
  }

  void staleServe() {
    stale.increment();
  }

  void refreshed(Refresh result) {
    refreshes[result.ordinal()].increment();
  }

  void waited() {
    waits.increment();
  }

  void evicted(Reason reason) {
    evictions[reason.ordinal()].increment();
  }

  /** The counters of the {@code cache} status section. */
  JsonObject toJson() {
    JsonObject evicted = new JsonObject();
    for (Reason reason : Reason.values()) {
      evicted.put(reason.label(), (long) evictions[reason.ordinal()].count());
    }
    JsonObject refreshed = new JsonObject();
    for (Refresh result : Refresh.values()) {
      refreshed.put(result.label(), (long) refreshes[result.ordinal()].count());
    }
    return new JsonObject().put("hits", (long) hits.count()).put("misses", (long) misses.count())
        .put("stale", (long) stale.count()).put("evictions", evicted).put("refreshes", refreshed)
        .put("waits", (long) waits.count());
  }
}
