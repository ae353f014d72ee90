package dev.transitsidecar.cache;

import dev.transitsidecar.cache.CacheMetrics.Reason;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.memory.SecretBytes;
import dev.transitsidecar.memory.SlabFullException;
import dev.transitsidecar.time.Scheduler;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The entries, least recently used first, at most {@code maxEntries}. An entry is fresh for {@code ttl}; after that
 * it is only served while Vault fails, and at {@code ttl + staleIfError} a scheduled task wipes it. Every way out
 * of the table (expiry, eviction, replacement, {@code min_decryption_version}, close) wipes the slot at once.
 * Thread-safe: one lock guards the map and every read of a slot.
 */
final class EntryTable {
  /** What a lookup found: a fresh entry, one past its TTL that may still serve while Vault fails, or none. */
  record Found(Optional<Entry> fresh, Optional<Entry> stale) {}

  private final LockedMemory memory;
  private final int maxEntries;
  private final Duration ttl;
  private final Duration lifetime;
  private final Clock clock;
  private final Scheduler scheduler;
  private final CacheMetrics metrics;
  private final LinkedHashMap<CacheKey, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

  EntryTable(LockedMemory memory, int maxEntries, Duration ttl, Duration staleIfError, Clock clock,
      Scheduler scheduler, CacheMetrics metrics) {
    this.memory = memory;
    this.maxEntries = maxEntries;
    this.ttl = ttl;
    this.lifetime = ttl.plus(staleIfError);
    this.clock = clock;
    this.scheduler = scheduler;
    this.metrics = metrics;
  }

  synchronized Found find(CacheKey key) {
    Entry entry = entries.get(key);
    Instant now = clock.instant();
    if (entry == null || !now.isBefore(entry.stored.plus(lifetime))) {
      return new Found(Optional.empty(), Optional.empty());
    }
    boolean fresh = now.isBefore(entry.stored.plus(ttl));
    return new Found(fresh ? Optional.of(entry) : Optional.empty(), fresh ? Optional.empty() : Optional.of(entry));
  }

  /** Whether the entry is still held and within {@code ttl + staleIfError}: it may serve while Vault fails. */
  synchronized boolean servable(Entry entry) {
    return entry.live() && entries.get(entry.key) == entry
        && clock.instant().isBefore(entry.stored.plus(lifetime));
  }

  /**
   * Decodes the base64 {@code [start, end)} of {@code source} into a new slot and stores it under {@code key},
   * replacing (and wiping) what was there and evicting the least recently used entry when full or when the slab has
   * no room. Empty when the slab cannot hold it even then (the answer is then simply not cached).
   */
  synchronized Optional<Entry> store(DecryptRequest.Cacheable request, Buffer source, int start, int end) {
    remove(request.key(), Reason.EXPIRED);
    while (entries.size() >= maxEntries) {
      evictEldest();
    }
    Optional<SecretBytes> slot = decode(source, start, end);
    if (slot.isEmpty()) {
      return Optional.empty();
    }
    Entry entry = new Entry(request.key(), request.transitKey(), request.version(), clock.instant(), slot.get());
    entries.put(request.key(), entry);
    entry.expireWith(scheduler.schedule(lifetime, () -> expire(entry)));
    return Optional.of(entry);
  }

  private Optional<SecretBytes> decode(Buffer source, int start, int end) {
    while (true) {
      try {
        return Optional.of(SecretBytes.decodeBase64(memory, source, start, end));
      } catch (SlabFullException e) {
        if (entries.isEmpty()) {
          return Optional.empty();
        }
        evictEldest();
      }
    }
  }

  /** Runs {@code use} on the entry's plaintext if it is still held (true), under the lock. */
  synchronized boolean read(Entry entry, Consumer<SecretBytes> use) {
    if (!entry.live()) {
      return false;
    }
    use.accept(entry.plaintext());
    return true;
  }

  synchronized void remove(CacheKey key, Reason reason) {
    Entry entry = entries.remove(key);
    if (entry != null) {
      entry.wipe();
      metrics.evicted(reason);
    }
  }

  /** Wipes every entry of {@code transitKey} whose ciphertext version is below {@code minDecryptionVersion}. */
  synchronized int removeBelow(String transitKey, int minDecryptionVersion) {
    List<CacheKey> gone = new ArrayList<>();
    entries.values().stream()
        .filter(e -> e.transitKey.equals(transitKey) && e.version < minDecryptionVersion)
        .forEach(e -> gone.add(e.key));
    gone.forEach(key -> remove(key, Reason.POLICY));
    return gone.size();
  }

  private synchronized void expire(Entry entry) {
    if (entries.get(entry.key) == entry) {
      remove(entry.key, Reason.EXPIRED);
    }
  }

  private void evictEldest() {
    Iterator<Map.Entry<CacheKey, Entry>> eldest = entries.entrySet().iterator();
    Entry entry = eldest.next().getValue();
    eldest.remove();
    entry.wipe();
    metrics.evicted(Reason.EVICTED);
  }

  synchronized int size() {
    return entries.size();
  }

  /** Wipes everything (the sidecar stops); not counted as evictions. */
  synchronized void clear() {
    entries.values().forEach(Entry::wipe);
    entries.clear();
  }
}
