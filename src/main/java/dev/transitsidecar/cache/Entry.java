package dev.transitsidecar.cache;

import dev.transitsidecar.memory.SecretBytes;
import dev.transitsidecar.time.Cancellable;
import java.time.Instant;

/**
 * One cached plaintext, in the slab, and what may be known about it: the digest it is found by, the Transit key and
 * ciphertext version it came from, and when it was stored. Only {@link EntryTable} touches it, under its lock.
 */
final class Entry {
  final CacheKey key;
  final String transitKey;
  final int version;
  final Instant stored;
  private SecretBytes plaintext;
  private Cancellable expiry = () -> {};

  Entry(CacheKey key, String transitKey, int version, Instant stored, SecretBytes plaintext) {
    this.key = key;
    this.transitKey = transitKey;
    this.version = version;
    this.stored = stored;
    this.plaintext = plaintext;
  }

  void expireWith(Cancellable timer) {
    expiry = timer;
  }

  boolean live() {
    return plaintext != null;
  }

  SecretBytes plaintext() {
    return plaintext;
  }

  /** Wipes the slot and calls the expiry timer off; harmless when done before. */
  void wipe() {
    expiry.cancel();
    if (plaintext != null) {
      plaintext.close();
      plaintext = null;
    }
  }
}
