package dev.transitsidecar.cache;

import dev.transitsidecar.cache.CacheMetrics.Reason;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.memory.SecretBytes;
import dev.transitsidecar.memory.SlabFullException;
import dev.transitsidecar.time.RefreshPoint;
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
import java.util.function.Function;

/**
 * The entries, least recently used first, at most {@code maxEntries}. An entry is fresh for {@code ttl}; after that
 * it is only served while Vault fails or while it is being fetched again, and at {@code ttl + staleIfError} a
 * scheduled task wipes it. At its {@link RefreshPoint} (75 to 85 % of the TTL) another task hands it to
 * {@code refreshDue}, which fetches it again if a request used it since it was stored. Every way out
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
  private final RefreshPoint refreshPoint;
  private final Consumer<Entry> refreshDue;
  private final LinkedHashMap<CacheKey, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

  EntryTable(LockedMemory memory, int maxEntries, Duration ttl, Duration staleIfError, Clock clock,
      Scheduler scheduler, CacheMetrics metrics, RefreshPoint refreshPoint, Consumer<Entry> refreshDue) {
    this.memory = memory;
    this.maxEntries = maxEntries;
    this.ttl = ttl;
    this.lifetime = ttl.plus(staleIfError);
    this.clock = clock;
    this.scheduler = scheduler;
    this.metrics = metrics;
    this.refreshPoint = refreshPoint;
    this.refreshDue = refreshDue;
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
    Instant now = clock.instant();
    Duration refreshIn = refreshPoint.next();
    Entry entry = new Entry(request, now, now.plus(refreshIn), slot.get());
    entries.put(request.key(), entry);
    entry.timers(scheduler.schedule(lifetime, () -> expire(entry)),
        scheduler.schedule(refreshIn, () -> refreshDue.accept(entry)));
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

  /** The entry held for {@code key} now, if it may still serve (fresh or within {@code ttl + staleIfError}). */
  synchronized Optional<Entry> current(CacheKey key) {
    Entry entry = entries.get(key);
    return entry != null && servable(entry) ? Optional.of(entry) : Optional.empty();
  }

  /** Whether {@code entry} is past its TTL (and so served only while Vault fails or it is fetched again). */
  boolean pastTtl(Entry entry) {
    return !clock.instant().isBefore(entry.stored.plus(ttl));
  }

  /** A request used the entry (so it is fetched again ahead of its TTL). */
  synchronized void used(Entry entry) {
    entry.used();
  }

  /** Whether a request used the entry since it was stored, and it is still the one held for its key. */
  synchronized boolean usedAndCurrent(Entry entry) {
    return entry.wasUsed() && entry.live() && entries.get(entry.key) == entry;
  }

  /** Vault failed to answer for {@code key}'s entry (if one is held): it is now served at once past its TTL. */
  synchronized void failed(CacheKey key) {
    Entry entry = entries.get(key);
    if (entry != null) {
      entry.failed(clock.instant());
    }
  }

  /** Whether the last Vault call for the entry failed (so past its TTL it is served at once, while Vault fails). */
  synchronized boolean failing(Entry entry) {
    return entry.failedAt() != null;
  }

  /**
   * Whether the entry should be fetched again now: it is past its refresh point, and Vault did not fail for it
   * within the last {@code pause} (while Vault is down, a used entry is tried again at most once per pause).
   */
  synchronized boolean refreshDue(Entry entry, Duration pause) {
    Instant now = clock.instant();
    return entry.live() && entries.get(entry.key) == entry && !now.isBefore(entry.refreshAt)
        && (entry.failedAt() == null || !entry.failedAt().plus(pause).isAfter(now));
  }

  /** {@code use} applied to the entry's plaintext under the lock, or empty when the entry was wiped. */
  synchronized <T> Optional<T> read(Entry entry, Function<SecretBytes, T> use) {
    return entry.live() ? Optional.of(use.apply(entry.plaintext())) : Optional.empty();
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
