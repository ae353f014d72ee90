package dev.transitsidecar.devvault;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;

/**
 * The secret material of one key version: the encryption key and an independent 32-byte HMAC key (as Vault's
 * {@code RotateInMemory}). Bytes leave only through the {@code expose...} accessors, which hand out a copy the
 * caller must zero. No {@code toString}, {@code equals} or {@code hashCode}; {@link #close()} zeroes the bytes.
 */
final class KeyVersion implements AutoCloseable {
  private static final int HMAC_KEY_BYTES = 32;

  private final byte[] key;
  private final byte[] hmacKey;
  private final Instant createdAt;

  private KeyVersion(byte[] key, byte[] hmacKey, Instant createdAt) {
    this.key = key;
    this.hmacKey = hmacKey;
    this.createdAt = createdAt;
  }

  static KeyVersion generate(KeyType type, SecureRandom random, Instant now) {
    byte[] hmacKey = new byte[HMAC_KEY_BYTES];
    random.nextBytes(hmacKey);
    byte[] key = new byte[type.keyBytes()];
    random.nextBytes(key);
    return new KeyVersion(key, hmacKey, now);
  }

  Instant createdAt() {
    return createdAt;
  }

  /** A copy of the raw encryption key; the caller zeroes it when done. */
  byte[] exposeKeyBytes() {
    return key.clone();
  }

  /** A copy of the version's HMAC key; the caller zeroes it when done. */
  byte[] exposeHmacKeyBytes() {
    return hmacKey.clone();
  }

  @Override
  public void close() {
    Arrays.fill(key, (byte) 0);
    Arrays.fill(hmacKey, (byte) 0);
  }
}
