package dev.transitsidecar.keystore;

import dev.transitsidecar.auth.VaultSession;
import dev.transitsidecar.derive.Hkdf;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.memory.SecretBytes;
import dev.transitsidecar.memory.Wipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The {@code keystore} commands (docs/design.md, "The keystore") as blocking operations for the CLI's thread: each change takes
 * the store's hold (the file's writer lock), reads and checks the keystore (a damaged one is refused and left alone),
 * unwraps the master key where the change needs it, checks it against {@code key_id}, and writes the result (the
 * file atomically; the Secret with the {@code resourceVersion} read). When the Secret changed meanwhile the change
 * is made again from a fresh read, as a new run would, up to {@value #ATTEMPTS} times. The master key is held only
 * in {@code memory} and wiped before each call returns.
 *
 * @param unlock the passphrase of the in-use passkey, asked only when that passkey is a passphrase passkey; the
 *     caller's array is wiped after use
 */
public record KeystoreAdmin(KeystoreStore store, VaultSession session, LockedMemory memory, Clock clock,
    SecureRandom random, Supplier<char[]> unlock) {
  static final String FIRST_PASSKEY = "vault";
  static final int ATTEMPTS = 5;

  public KeystoreAdmin(KeystoreFile file, VaultSession session, LockedMemory memory, Clock clock, SecureRandom random,
      Supplier<char[]> unlock) {
    this(new FileKeystoreStore(file), session, memory, clock, random, unlock);
  }

  /** Creates the keystore: a new random master key, or the 32 raw bytes of {@code importFrom}, wrapped by Transit. */
  public Keystore init(String mount, String key, Optional<Path> importFrom) {
    try (KeystoreStore.Hold hold = store.hold().await()) {
      store.requireAbsent().await();
      return create(hold, mount, key, importFrom);
    }
  }

  private Keystore create(KeystoreStore.Hold hold, String mount, String key, Optional<Path> importFrom) {
    try (SecretBytes master = newMasterKey(importFrom)) {
      String keyId = master.exposeTo(Hkdf::keyId);
      TransitPasskey passkey = wrapWithTransit(FIRST_PASSKEY, mount, key, master, keyId);
      Keystore keystore = new Keystore(keyId, List.of(passkey.withInUse(true)));
      try {
        store.create(hold, keystore).await();
      } catch (KeystoreConflictException e) {
        throw new KeystoreException("the keystore in " + store.where() + " was created by another writer meanwhile;"
            + " nothing was written");
      }
      return keystore;
    }
  }

  public Keystore show() {
    return store.read().await().keystore();
  }

  /** Adds a passkey that wraps the master key with another Transit key (or mount). */
  public Keystore addTransitPasskey(String name, String mount, String key) {
    return change(keystore -> {
      try (SecretBytes master = unwrapInUse(keystore)) {
        return keystore.withPasskey(wrapWithTransit(name, mount, key, master, keystore.keyId()));
      }
    }, name);
  }

  /** Adds a break-glass passkey under {@code passphrase} (wiped here). */
  public Keystore addPassphrasePasskey(String name, char[] passphrase) {
    try {
      if (passphrase.length == 0) {
        throw new KeystoreException("the passphrase is empty");
      }
      return change(keystore -> {
        try (SecretBytes master = unwrapInUse(keystore)) {
          return keystore.withPasskey(PassphraseWrapping.wrap(name, master, passphrase, random, clock.instant()));
        }
      }, name);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }

  /** Makes {@code name} the passkey in use; a Transit passkey is unwrapped first to prove it holds the same key. */
  public Keystore usePasskey(String name) {
    return change(keystore -> {
      Keystore next = keystore.using(name);
      if (next.inUse() instanceof TransitPasskey transit) {
        unwrapTransit(transit, keystore.keyId()).close();
      }
      return next;
    }, name);
  }

  /**
   * Removes a passkey, never the one in use (which stays as it was, so nothing needs unwrapping and Vault is not
   * asked).
   */
  public Keystore removePasskey(String name) {
    return change(keystore -> keystore.without(name), name);
  }

  private Keystore change(UnaryOperator<Keystore> edit, String name) {
    if (!Keystore.validName(name)) {
      throw new KeystoreException("invalid passkey name: use 1..63 letters, digits, '.', '_' or '-'");
    }
    try (KeystoreStore.Hold hold = store.hold().await()) {
      for (int attempt = 1; ; attempt++) {
        KeystoreStore.Stored read = store.read().await();
        Keystore next = edit.apply(read.keystore());
        try {
          store.replace(hold, read, next, false).await();
          return next;
        } catch (KeystoreConflictException e) {
          if (attempt == ATTEMPTS) {
            throw new KeystoreException(e.getMessage() + ", " + ATTEMPTS + " times; nothing was written");
          }
        }
      }
    }
  }

  private SecretBytes unwrapInUse(Keystore keystore) {
    return switch (keystore.inUse()) {
      case TransitPasskey transit -> unwrapTransit(transit, keystore.keyId());
      case PassphrasePasskey passphrase -> unwrapPassphrase(passphrase, keystore.keyId());
    };
  }

  private SecretBytes unwrapTransit(TransitPasskey passkey, String keyId) {
    return checked(TransitWrapping.unwrap(session, memory, passkey).await(), passkey.name(), keyId);
  }

  private SecretBytes unwrapPassphrase(PassphrasePasskey passkey, String keyId) {
    char[] passphrase = unlock.get();
    try {
      return checked(PassphraseWrapping.unwrap(memory, passkey, passphrase), passkey.name(), keyId);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }

  private static SecretBytes checked(SecretBytes master, String passkey, String keyId) {
    if (!master.exposeTo(Hkdf::keyId).equals(keyId)) {
      master.close();
      throw new KeystoreException("passkey " + passkey + " holds a different key than the keystore's key_id");
    }
    return master;
  }

  /** Wraps with Transit and unwraps again at once, so a passkey that cannot give the key back is never written. */
  private TransitPasskey wrapWithTransit(String name, String mount, String key, SecretBytes master, String keyId) {
    if (!TransitWrapping.validNames(mount, key)) {
      throw new KeystoreException("invalid Transit mount or key name");
    }
    String ciphertext = TransitWrapping.wrap(session, mount, key, master).await();
    TransitPasskey passkey = new TransitPasskey(name, mount, key, ciphertext, false, clock.instant());
    unwrapTransit(passkey, keyId).close();
    return passkey;
  }

  private SecretBytes newMasterKey(Optional<Path> importFrom) {
    byte[] raw = importFrom.map(KeystoreAdmin::readRaw).orElseGet(() -> {
      byte[] fresh = new byte[KeystoreFormat.MASTER_KEY_BYTES];
      random.nextBytes(fresh);
      return fresh;
    });
    try {
      return SecretBytes.copyOf(memory, raw);
    } finally {
      Wipe.array(raw);
    }
  }

  private static byte[] readRaw(Path source) {
    byte[] raw;
    try {
      raw = Files.readAllBytes(source);
    } catch (IOException e) {
      throw new KeystoreException("cannot read " + source + ": " + e.getClass().getSimpleName());
    }
    if (raw.length != KeystoreFormat.MASTER_KEY_BYTES) {
      Wipe.array(raw);
      throw new KeystoreException(source + " must hold exactly 32 raw bytes (it holds " + raw.length + ")");
    }
    return raw;
  }
}
