package dev.transitsidecar.devvault;

import java.util.Set;

/**
 * The Transit key types the embedded engine implements: Vault's symmetric AEAD types. The other types Vault
 * knows are refused with a clear message (a documented difference from Vault).
 */
enum KeyType {
  AES128_GCM96("aes128-gcm96", 16),
  AES256_GCM96("aes256-gcm96", 32),
  CHACHA20_POLY1305("chacha20-poly1305", 32);

  /** Types Vault knows (CE and Enterprise) that this engine does not implement. */
  private static final Set<String> KNOWN_UNSUPPORTED = Set.of(
      "ecdsa-p256", "ecdsa-p384", "ecdsa-p521", "ed25519", "rsa-2048", "rsa-3072", "rsa-4096", "hmac",
      "managed_key", "aes128-cmac", "aes256-cmac", "ml-dsa", "hybrid");

  private final String wireName;
  private final int keyBytes;

  KeyType(String wireName, int keyBytes) {
    this.wireName = wireName;
    this.keyBytes = keyBytes;
  }

  /** The type as {@code POST keys/:name} accepts it; every other Vault type is a 400. */
  static KeyType forKeyCreation(String wire) {
    for (KeyType type : values()) {
      if (type.wireName.equals(wire)) {
        return type;
      }
    }
    if (KNOWN_UNSUPPORTED.contains(wire)) {
      throw unsupported(wire);
    }
    throw VaultError.badRequest("unknown key type " + wire);
  }

  /** The type as encrypt's upsert accepts it ({@code path_encrypt.go} has a shorter list). */
  static KeyType forUpsert(String wire) {
    switch (wire) {
      case "ecdsa-p256", "ecdsa-p384", "ecdsa-p521" ->
          throw VaultError.badRequest("key type " + wire + " not supported for this operation");
      case "rsa-2048", "rsa-3072", "rsa-4096", "managed_key" -> throw unsupported(wire);
      default -> {
        for (KeyType type : values()) {
          if (type.wireName.equals(wire)) {
            return type;
          }
        }
        throw VaultError.badRequest("unknown key type " + wire);
      }
    }
  }

  private static VaultError unsupported(String wire) {
    return VaultError.badRequest(
        "key type " + wire + " is not supported by the embedded transit engine (devvault); "
            + "supported types: aes128-gcm96, aes256-gcm96, chacha20-poly1305");
  }

  String wireName() {
    return wireName;
  }

  /** Raw key length per version, and the derived key length for encryption. */
  int keyBytes() {
    return keyBytes;
  }

  /** Go's AEAD {@code Open} failure text: crypto/cipher for GCM, x/crypto for ChaCha20-Poly1305. */
  String authenticationFailure() {
    return this == CHACHA20_POLY1305
        ? "chacha20poly1305: message authentication failed"
        : "cipher: message authentication failed";
  }
}
