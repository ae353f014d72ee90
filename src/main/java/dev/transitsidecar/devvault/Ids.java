package dev.transitsidecar.devvault;

import java.security.SecureRandom;
import java.util.UUID;

/** Random identifiers shaped like Vault's: service tokens {@code hvs.} + 24 base62, accessors 24 base62, UUIDs. */
final class Ids {
  private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private final SecureRandom random;

  Ids(SecureRandom random) {
    this.random = random;
  }

  String token() {
    return "hvs." + base62(24);
  }

  String accessor() {
    return base62(24);
  }

  String uuid() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
    bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
    long high = 0;
    long low = 0;
    for (int i = 0; i < 8; i++) {
      high = (high << 8) | (bytes[i] & 0xff);
      low = (low << 8) | (bytes[i + 8] & 0xff);
    }
    return new UUID(high, low).toString();
  }

  private String base62(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(BASE62.charAt(random.nextInt(BASE62.length())));
    }
    return sb.toString();
  }
}
