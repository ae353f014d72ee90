package dev.transitsidecar.devvault;

import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KDF;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.HKDFParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Static AEAD, HKDF and HMAC primitives of the embedded Transit engine (docs/vault-api.md section 2), on the JDK
 * providers only. AES-GCM and ChaCha20-Poly1305 both use a 12-byte nonce and a 16-byte tag; sealed output is
 * {@code ciphertext || tag}. Failures never carry key or plaintext bytes.
 */
final class TransitCrypto {
  static final int NONCE_BYTES = 12;
  static final int TAG_BITS = 128;
  private static final int SHA256_BYTES = 32;

  private TransitCrypto() {}

  /** AEAD-seals {@code plaintext}; {@code aad} may be empty. Returns {@code ciphertext || tag}. */
  static byte[] seal(KeyType type, byte[] key, byte[] nonce, byte[] plaintext, byte[] aad) {
    try {
      return cipher(type, Cipher.ENCRYPT_MODE, key, nonce, aad).doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AEAD seal failed for " + type.wireName(), e);
    }
  }

  /** Opens {@code ciphertext || tag}; a wrong key, nonce, AAD, tampering or a short input is a bad tag. */
  static byte[] open(KeyType type, byte[] key, byte[] nonce, byte[] sealed, byte[] aad)
      throws AEADBadTagException {
    if (sealed.length < TAG_BITS / 8) {
      throw new AEADBadTagException("input shorter than the tag");
    }
    try {
      return cipher(type, Cipher.DECRYPT_MODE, key, nonce, aad).doFinal(sealed);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AEAD open failed for " + type.wireName(), e);
    }
  }

  private static Cipher cipher(KeyType type, int mode, byte[] key, byte[] nonce, byte[] aad)
      throws GeneralSecurityException {
    Cipher cipher;
    if (type == KeyType.CHACHA20_POLY1305) {
      cipher = Cipher.getInstance("ChaCha20-Poly1305");
      cipher.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
    } else {
      cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    }
    if (aad.length > 0) {
      cipher.updateAAD(aad);
    }
    return cipher;
  }

  /**
   * RFC 5869 HKDF-SHA256 (JDK {@code KDF}). An empty salt means "no salt" (HashLen zero bytes), as Go's
   * {@code hkdf.New} with a nil salt. {@code length} must be 1..255*32; any malformed input is one failure.
   */
  static byte[] hkdfSha256(byte[] ikm, byte[] salt, byte[] info, int length) {
    if (length < 1 || length > 255 * SHA256_BYTES || ikm.length == 0) {
      throw new IllegalArgumentException("invalid HKDF input");
    }
    try {
      HKDFParameterSpec.Builder extract = HKDFParameterSpec.ofExtract().addIKM(ikm);
      if (salt.length > 0) {
        extract.addSalt(salt);
      }
      AlgorithmParameterSpec spec = extract.thenExpand(info, length);
      return KDF.getInstance("HKDF-SHA256").deriveData(spec);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("invalid HKDF input", e);
    }
  }

  /** HMAC-SHA256(key, data). */
  static byte[] hmacSha256(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 failed", e);
    }
  }

  /** Overwrites each array with zeros; null entries are skipped. */
  static void zero(byte[]... arrays) {
    for (byte[] array : arrays) {
      if (array != null) {
        Arrays.fill(array, (byte) 0);
      }
    }
  }
}
