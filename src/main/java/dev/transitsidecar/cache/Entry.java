package dev.transitsidecar.cache;

import dev.transitsidecar.memory.SecretBytes;
import dev.transitsidecar.time.Cancellable;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;

/**
 * One cached plaintext, in the slab, and what may be known about it: the digest it is found by, the Transit key and
 * ciphertext version it came from, the decrypt request that fetches it again (ciphertext, context, associated data:
 * no secret), when it was stored, when it is refreshed ahead of its TTL, whether a request used it since, and when
 * Vault last failed to refresh it. Only {@link EntryTable} touches it, under its lock.
 */
final class Entry {
  final CacheKey key;
  final String transitKey;
  final int version;
  final Buffer request;
  final Instant stored;
  final Instant refreshAt;
  private SecretBytes plaintext;
  private boolean used;
  private Instant failedAt;
  private Cancellable expiry = () -> {};
  private Cancellable refresh = () -> {};

  Entry(DecryptRequest.Cacheable request, Instant stored, Instant refreshAt, SecretBytes plaintext) {
    this.key = request.key();
    this.transitKey = request.transitKey();
    this.version = request.version();
    this.request = request.body();
    this.stored = stored;
    this.refreshAt = refreshAt;
    this.plaintext = plaintext;
  }

  void timers(Cancellable expiryTimer, Cancellable refreshTimer) {
    expiry = expiryTimer;
    refresh = refreshTimer;
  }

  boolean live() {
    return plaintext != null;
  }

  SecretBytes plaintext() {
    return plaintext;
  }

  void used() {
    used = true;
  }

  boolean wasUsed() {
    return used;
  }

  void failed(Instant at) {
    failedAt = at;
  }

  /** When Vault last failed to answer for this entry (no answer, a 5xx, no token), or null. */
  Instant failedAt() {
    return failedAt;
  }

  /** Wipes the slot and calls both timers off; harmless when done before. */
  void wipe() {
    expiry.cancel();
    refresh.cancel();
    if (plaintext != null) {
      plaintext.close();
      plaintext = null;
    }
  }
}
