package dev.transitsidecar.devvault;

import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;

/**
 * Encryption and decryption with one {@link TransitKey}, in the order of Vault's
 * {@code Policy.EncryptWithFactory} and {@code Policy.DecryptWithFactory}, so that the first failing check
 * gives Vault's message. Derived keys: HKDF-SHA256(ikm = version key, no salt, info = context). Convergent
 * keys (version 3): HKDF output of key length + 32 bytes; the extra 32 bytes key an HMAC-SHA256 over the
 * plaintext whose first 12 bytes are the nonce.
 */
final class KeyCipher {
  private static final int CONVERGENT_HMAC_BYTES = 32;
  private static final String MISSING_CONTEXT = "missing 'context' for key derivation; the key was created using"
      + " a derived key, which means additional, per-request information must be included in order to perform"
      + " operations with the key";

  private KeyCipher() {}

  /** Picks the version ({@code 0} = latest) with Vault's version checks; returns the version used. */
  static int encryptionVersion(TransitKey key, long requested) {
    if (requested == 0) {
      return key.latestVersion();
    }
    if (requested < 0) {
      throw ItemFailure.user("requested version for encryption is negative");
    }
    if (requested > key.latestVersion()) {
      throw ItemFailure.user("requested version for encryption is higher than the latest key version");
    }
    if (requested < key.minEncryptionVersion()) {
      throw ItemFailure.user("requested version for encryption is less than the minimum encryption key version");
    }
    return (int) requested;
  }

  /** Encrypts with version {@code version} (already checked); {@code aad} is still base64. */
  static String encrypt(TransitKey key, int version, byte[] context, byte[] plaintext, String aad,
      SecureRandom random) {
    Witnesses.plaintext(plaintext);
    int encBytes = key.type().keyBytes();
    int hmacBytes = key.convergent() ? CONVERGENT_HMAC_BYTES : 0;
    byte[] material = keyMaterial(key, version, context, encBytes + hmacBytes);
    byte[] encKey = Arrays.copyOf(material, encBytes);
    byte[] hmacKey = key.convergent() ? Arrays.copyOfRange(material, encBytes, material.length) : null;
    try {
      byte[] aadBytes = decodeAad(aad);
      byte[] nonce = hmacKey != null ? convergentNonce(hmacKey, plaintext) : randomNonce(random);
      byte[] sealed = TransitCrypto.seal(key.type(), encKey, nonce, plaintext, aadBytes);
      byte[] body = new byte[nonce.length + sealed.length];
      System.arraycopy(nonce, 0, body, 0, nonce.length);
      System.arraycopy(sealed, 0, body, nonce.length, sealed.length);
      return Ciphertexts.format(version, body);
    } finally {
      TransitCrypto.zero(material, encKey, hmacKey);
    }
  }

  /** Decrypts a {@code vault:vN:} string; returns the plaintext, which the caller zeroes after use. */
  static byte[] decrypt(TransitKey key, byte[] context, String ciphertext, String aad) {
    Ciphertexts.Parsed parsed = Ciphertexts.parse(ciphertext);
    if (parsed.version() > key.latestVersion()) {
      throw ItemFailure.user("invalid ciphertext: version is too new");
    }
    if (parsed.version() < key.minDecryptionVersion()) {
      throw ItemFailure.user("ciphertext or signature version is disallowed by policy (too old)");
    }
    byte[] body;
    try {
      body = GoBase64.decode(parsed.encodedBody());
    } catch (ItemFailure e) {
      throw ItemFailure.user("invalid ciphertext: could not decode base64");
    }
    byte[] encKey = keyMaterial(key, parsed.version(), context, key.type().keyBytes());
    try {
      byte[] plaintext = open(key.type(), encKey, body, decodeAad(aad));
      Witnesses.plaintext(plaintext);
      return plaintext;
    } finally {
      TransitCrypto.zero(encKey);
    }
  }

  private static byte[] open(KeyType type, byte[] encKey, byte[] body, byte[] aad) {
    if (body.length < TransitCrypto.NONCE_BYTES) {
      throw ItemFailure.user("invalid ciphertext length");
    }
    byte[] nonce = Arrays.copyOf(body, TransitCrypto.NONCE_BYTES);
    byte[] sealed = Arrays.copyOfRange(body, TransitCrypto.NONCE_BYTES, body.length);
    try {
      return TransitCrypto.open(type, encKey, nonce, sealed, aad);
    } catch (AEADBadTagException e) {
      throw ItemFailure.user(type.authenticationFailure());
    }
  }

  /** Vault's {@code GetKey}: the raw version key, or the HKDF-derived key for derived keys. */
  private static byte[] keyMaterial(TransitKey key, long version, byte[] context, int length) {
    if (!key.derived()) {
      return key.liveVersion(version).exposeKeyBytes();
    }
    if (version <= 0 || version > key.latestVersion()) {
      throw ItemFailure.user("invalid key version");
    }
    if (context.length == 0) {
      throw ItemFailure.user(MISSING_CONTEXT);
    }
    byte[] ikm = key.liveVersion(version).exposeKeyBytes();
    try {
      return TransitCrypto.hkdfSha256(ikm, new byte[0], context, length);
    } finally {
      TransitCrypto.zero(ikm);
    }
  }

  private static byte[] convergentNonce(byte[] hmacKey, byte[] plaintext) {
    byte[] mac = TransitCrypto.hmacSha256(hmacKey, plaintext);
    try {
      return Arrays.copyOf(mac, TransitCrypto.NONCE_BYTES);
    } finally {
      TransitCrypto.zero(mac);
    }
  }

  private static byte[] randomNonce(SecureRandom random) {
    byte[] nonce = new byte[TransitCrypto.NONCE_BYTES];
    random.nextBytes(nonce);
    return nonce;
  }

  /** Associated data; Vault decodes it in a factory, so a bad encoding is an internal error there. */
  private static byte[] decodeAad(String aad) {
    if (aad.isEmpty()) {
      return new byte[0];
    }
    try {
      return GoBase64.decode(aad);
    } catch (ItemFailure e) {
      throw ItemFailure.internal(
          "unable to get associated_data/additional_data from factory[0]: " + e.getMessage());
    }
  }
}
