package dev.transitsidecar.derive;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * RFC 5869 HKDF with HMAC-SHA256 (RFC 2104), computed with {@link MessageDigest} so that a key held off-heap (a
 * {@code SecretBytes} view) is never handed to a JDK {@code Mac} or {@code SecretKeySpec}, which would keep a copy of
 * it on the heap. Every key or message byte passes through a transient 64-byte array that is wiped in
 * {@code finally}, and the digest is scrubbed after use (its internal block buffer and message schedule are
 * overwritten with zeros), so nothing derived from the key outlives the call except the result, which the caller
 * wipes. Key and message buffers are read with absolute gets: their positions do not move.
 */
public final class Hkdf {
  /** SHA-256's output length. */
  public static final int HASH_BYTES = 32;
  /** RFC 5869: L ≤ 255·HashLen. */
  public static final int MAX_LENGTH = 255 * HASH_BYTES;
  private static final int BLOCK = 64;
  private static final byte IPAD = 0x36;
  private static final byte OPAD = 0x5c;
  private static final byte[] ZEROS = new byte[BLOCK];
  private static final MessageDigest PROTOTYPE = newSha256();
  private static final byte[] KEY_ID_LABEL = "transit-sidecar:key-id:v1".getBytes(StandardCharsets.US_ASCII);

  private Hkdf() {}

  /**
   * HKDF-SHA256(IKM, salt, info, L): extract, then expand. Fails with one generic {@link IllegalArgumentException}
   * when {@code length} is outside 1..{@link #MAX_LENGTH}, before any work.
   *
   * @param salt empty means HashLen zero bytes, as RFC 5869 says
   * @return the {@code length} output bytes; the caller wipes them
   */
  public static byte[] derive(ByteBuffer ikm, byte[] salt, byte[] info, int length) {
    if (length < 1 || length > MAX_LENGTH) {
      throw new IllegalArgumentException("invalid HKDF output length");
    }
    MessageDigest sha = sha256();
    byte[] prk = null;
    byte[] previous = new byte[0];
    byte[] okm = new byte[length];
    try {
      prk = hmacSha256(sha, ByteBuffer.wrap(salt.length == 0 ? new byte[HASH_BYTES] : salt), ikm);
      for (int counter = 1, done = 0; done < length; counter++) {
        byte[] next = hmacSha256(sha, ByteBuffer.wrap(prk), ByteBuffer.wrap(previous), ByteBuffer.wrap(info),
            ByteBuffer.wrap(new byte[] {(byte) counter}));
        wipe(previous);
        previous = next;
        int take = Math.min(HASH_BYTES, length - done);
        System.arraycopy(next, 0, okm, done, take);
        done += take;
      }
      return okm;
    } finally {
      wipe(prk);
      wipe(previous);
      scrub(sha);
    }
  }

  /**
   * The {@code key_id} of a master key (docs/design.md, "Derived keys"): lowercase hex of the first 8 bytes of
   * HMAC-SHA256(key = master key, data = "transit-sidecar:key-id:v1"). Not secret.
   */
  public static String keyId(ByteBuffer masterKey) {
    byte[] mac = hmacSha256(masterKey, ByteBuffer.wrap(KEY_ID_LABEL));
    try {
      return HexFormat.of().formatHex(mac, 0, 8);
    } finally {
      wipe(mac);
    }
  }

  /** HMAC-SHA256(key, message parts concatenated); the caller wipes the 32-byte result. */
  public static byte[] hmacSha256(ByteBuffer key, ByteBuffer... message) {
    MessageDigest sha = sha256();
    try {
      return hmacSha256(sha, key, message);
    } finally {
      scrub(sha);
    }
  }

  /** HMAC-SHA256 on {@code sha}, which the caller scrubs once it is done with it. */
  private static byte[] hmacSha256(MessageDigest sha, ByteBuffer key, ByteBuffer... message) {
    byte[] block = new byte[BLOCK];
    byte[] chunk = new byte[BLOCK];
    byte[] inner = null;
    try {
      keyBlock(sha, key, block, chunk);
      xor(block, IPAD);
      sha.update(block);
      for (ByteBuffer part : message) {
        feed(sha, part, chunk);
      }
      inner = sha.digest();
      xor(block, (byte) (IPAD ^ OPAD));
      sha.update(block);
      sha.update(inner);
      return sha.digest();
    } finally {
      wipe(block);
      wipe(chunk);
      wipe(inner);
    }
  }

  /** K0 of RFC 2104: the key zero-padded to the block, or its hash when it is longer than the block. */
  private static void keyBlock(MessageDigest sha, ByteBuffer key, byte[] block, byte[] chunk) {
    if (key.remaining() <= BLOCK) {
      key.get(key.position(), block, 0, key.remaining());
      return;
    }
    feed(sha, key, chunk);
    byte[] hashed = sha.digest();
    try {
      System.arraycopy(hashed, 0, block, 0, hashed.length);
    } finally {
      wipe(hashed);
    }
  }

  /** Feeds the buffer's remaining bytes through {@code chunk}, without moving its position. */
  private static void feed(MessageDigest sha, ByteBuffer part, byte[] chunk) {
    for (int at = part.position(); at < part.limit(); ) {
      int n = Math.min(chunk.length, part.limit() - at);
      part.get(at, chunk, 0, n);
      sha.update(chunk, 0, n);
      at += n;
    }
    Arrays.fill(chunk, (byte) 0);
  }

  private static void xor(byte[] block, byte pad) {
    for (int i = 0; i < block.length; i++) {
      block[i] ^= pad;
    }
  }

  /**
   * Overwrites what a SHA-256 digest keeps of its last input: one full zero block replaces the message schedule, 63
   * zero bytes the partial-block buffer; then the state is reset.
   */
  private static void scrub(MessageDigest sha) {
    sha.update(ZEROS);
    sha.update(ZEROS, 0, BLOCK - 1);
    sha.reset();
  }

  /**
   * A fresh SHA-256 digest, cloned from one that is never fed (cheaper than the provider lookup of
   * {@code MessageDigest.getInstance} on every use).
   */
  private static MessageDigest sha256() {
    try {
      return (MessageDigest) PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      return newSha256();
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  static void wipe(byte[] bytes) {
    if (bytes != null) {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
