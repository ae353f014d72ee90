package dev.transitsidecar.keystore;

import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.memory.SecretBytes;
import dev.transitsidecar.memory.Wipe;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The break-glass wrapping (docs/design.md, "The keystore"): Argon2id (m = 65536 KiB, t = 3, p = 1, a 16-byte random salt)
 * turns the passphrase into a 32-byte key, and AES-256-GCM with a 12-byte random nonce seals the master key; the
 * stored ciphertext is base64(nonce || ct || tag). Every transient copy (the passphrase's UTF-8 bytes, the derived
 * key, the master key's copy for the cipher) is wiped in {@code finally}; the caller wipes the passphrase's
 * {@code char[]}. Used by the CLI only: the running sidecar unwraps through Transit.
 */
public final class PassphraseWrapping {
  static final int MEMORY_KIB = 65536;
  static final int ITERATIONS = 3;
  static final int PARALLELISM = 1;
  private static final int TAG_BITS = 128;

  private PassphraseWrapping() {}

  /** A new passphrase passkey (not in use) holding {@code master}. */
  public static PassphrasePasskey wrap(String name, SecretBytes master, char[] passphrase, SecureRandom random,
      Instant now) {
    byte[] salt = new byte[PassphrasePasskey.SALT_BYTES];
    byte[] nonce = new byte[PassphrasePasskey.NONCE_BYTES];
    random.nextBytes(salt);
    random.nextBytes(nonce);
    byte[] kek = argon2id(passphrase, salt, MEMORY_KIB, ITERATIONS, PARALLELISM);
    byte[] plain = master.exposeCopy();
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, kek, nonce);
      byte[] sealed = ByteBuffer.allocate(PassphrasePasskey.SEALED_BYTES).put(nonce).put(cipher.doFinal(plain)).array();
      return new PassphrasePasskey(name, MEMORY_KIB, ITERATIONS, PARALLELISM, Base64.getEncoder().encodeToString(salt),
          Base64.getEncoder().encodeToString(sealed), false, now);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    } finally {
      Wipe.array(plain);
      Wipe.array(kek);
    }
  }

  /** The master key from a passphrase passkey, in a new slot of {@code memory}; a wrong passphrase is refused. */
  public static SecretBytes unwrap(LockedMemory memory, PassphrasePasskey passkey, char[] passphrase) {
    byte[] sealed = passkey.sealedBytes();
    byte[] kek = argon2id(passphrase, passkey.saltBytes(), passkey.memoryKib(), passkey.iterations(),
        passkey.parallelism());
    byte[] plain = null;
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, kek, Arrays.copyOf(sealed, PassphrasePasskey.NONCE_BYTES));
      plain = cipher.doFinal(sealed, PassphrasePasskey.NONCE_BYTES, sealed.length - PassphrasePasskey.NONCE_BYTES);
      return SecretBytes.copyOf(memory, plain);
    } catch (AEADBadTagException e) {
      throw new KeystoreException("wrong passphrase for passkey " + passkey.name() + " (or its ciphertext is damaged)");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    } finally {
      Wipe.array(plain);
      Wipe.array(kek);
    }
  }

  private static Cipher cipher(int mode, byte[] kek, byte[] nonce) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    return cipher;
  }

  private static byte[] argon2id(char[] passphrase, byte[] salt, int memoryKib, int iterations, int parallelism) {
    byte[] secret = utf8(passphrase);
    try {
      Argon2BytesGenerator generator = new Argon2BytesGenerator();
      generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
          .withVersion(Argon2Parameters.ARGON2_VERSION_13)
          .withSalt(salt).withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(parallelism)
          .build());
      byte[] kek = new byte[32];
      generator.generateBytes(secret, kek);
      return kek;
    } finally {
      Wipe.array(secret);
    }
  }

  private static byte[] utf8(char[] passphrase) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    Wipe.array(encoded.array());
    return bytes;
  }
}
