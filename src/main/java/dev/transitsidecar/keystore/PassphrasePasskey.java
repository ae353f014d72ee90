package dev.transitsidecar.keystore;

import java.time.Instant;
import java.util.Base64;

/**
 * The master key wrapped under a passphrase: Argon2id (Bouncy Castle) turns the passphrase and {@code salt} into a
 * 32-byte key, which encrypts the 32-byte master key with AES-256-GCM. {@code ciphertext} is the standard base64 of
 * {@code nonce (12 bytes) || encrypted key (32 bytes) || tag (16 bytes)}, 60 bytes in all.
 *
 * @param memoryKib Argon2 {@code m} (KiB), {@code iterations} its {@code t}, {@code parallelism} its {@code p}
 * @param salt standard base64 of the 16-byte salt
 */
public record PassphrasePasskey(String name, int memoryKib, int iterations, int parallelism, String salt,
    String ciphertext, boolean inUse, Instant created) implements Passkey {
  public static final String TYPE = "passphrase";
  static final int SALT_BYTES = 16;
  static final int NONCE_BYTES = 12;
  static final int TAG_BYTES = 16;
  static final int SEALED_BYTES = NONCE_BYTES + KeystoreFormat.MASTER_KEY_BYTES + TAG_BYTES;

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public PassphrasePasskey withInUse(boolean use) {
    return new PassphrasePasskey(name, memoryKib, iterations, parallelism, salt, ciphertext, use, created);
  }

  byte[] saltBytes() {
    return Base64.getDecoder().decode(salt);
  }

  byte[] sealedBytes() {
    return Base64.getDecoder().decode(ciphertext);
  }

  @Override
  public String toString() {
    return "PassphrasePasskey[" + name + ", argon2id m=" + memoryKib + " t=" + iterations + " p=" + parallelism
        + ", in_use=" + inUse + "]";
  }
}
