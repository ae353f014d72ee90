package dev.transitsidecar.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * What a cache entry is found by: the SHA-256 digest of (mount, key, ciphertext, context, associated_data), never
 * the strings themselves. Each field is encoded unambiguously before hashing: a 4-byte big-endian length and the
 * UTF-8 bytes, or the length -1 for a field that is absent (so an absent context and an empty one differ, and no
 * two different tuples share an encoding). Not a secret (a digest of a ciphertext); safe to log.
 */
record CacheKey(long a, long b, long c, long d) {
  static CacheKey of(String mount, String key, String ciphertext, Optional<String> context,
      Optional<String> associatedData) {
    MessageDigest sha256 = sha256();
    field(sha256, Optional.of(mount));
    field(sha256, Optional.of(key));
    field(sha256, Optional.of(ciphertext));
    field(sha256, context);
    field(sha256, associatedData);
    ByteBuffer digest = ByteBuffer.wrap(sha256.digest());
    return new CacheKey(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
  }

  private static void field(MessageDigest sha256, Optional<String> value) {
    byte[] bytes = value.map(v -> v.getBytes(StandardCharsets.UTF_8)).orElse(null);
    sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes == null ? -1 : bytes.length).array());
    if (bytes != null) {
      sha256.update(bytes);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "CacheKey[" + Long.toHexString(a) + "...]";
  }
}
