package dev.transitsidecar.keystore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The content of a keystore file (docs/design.md, "The keystore", {@code version} 1): the master key's {@code key_id} and its
 * passkeys. Always valid: at least one passkey, unique names, exactly one in use. The changes return a new value and
 * refuse what the rules forbid with a {@link KeystoreException}.
 *
 * @param keyId 16 lowercase hex digits: the first 8 bytes of HMAC-SHA256(master key, "transit-sidecar:key-id:v1")
 */
public record Keystore(String keyId, List<Passkey> passkeys) {
  public static final int VERSION = 1;
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  public Keystore {
    passkeys = List.copyOf(passkeys);
    if (!KEY_ID.matcher(keyId).matches()) {
      throw new KeystoreException("key_id must be 16 lowercase hex digits");
    }
    if (passkeys.isEmpty()) {
      throw new KeystoreException("a keystore needs at least one passkey");
    }
    if (passkeys.stream().map(Passkey::name).distinct().count() != passkeys.size()) {
      throw new KeystoreException("passkey names must be unique");
    }
    if (passkeys.stream().filter(Passkey::inUse).count() != 1) {
      throw new KeystoreException("exactly one passkey must be in use");
    }
  }

  /** Whether {@code name} may name a passkey: 1..63 letters, digits, '.', '_' or '-', starting with a letter or digit. */
  public static boolean validName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  public Passkey inUse() {
    return passkeys.stream().filter(Passkey::inUse).findFirst().orElseThrow();
  }

  public Optional<Passkey> find(String name) {
    return passkeys.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** This keystore with one more passkey (not in use). */
  public Keystore withPasskey(Passkey added) {
    if (!validName(added.name())) {
      throw new KeystoreException("invalid passkey name: use 1..63 letters, digits, '.', '_' or '-'");
    }
    if (find(added.name()).isPresent()) {
      throw new KeystoreException("a passkey named " + added.name() + " already exists");
    }
    List<Passkey> next = new ArrayList<>(passkeys);
    next.add(added.withInUse(false));
    return new Keystore(keyId, next);
  }

  /** This keystore with {@code name} in use and every other passkey not. */
  public Keystore using(String name) {
    require(name);
    return new Keystore(keyId, passkeys.stream().map(p -> p.withInUse(p.name().equals(name))).toList());
  }

  /** This keystore without {@code name}; the passkey in use and the last passkey cannot be removed. */
  public Keystore without(String name) {
    Passkey removed = require(name);
    if (passkeys.size() == 1) {
      throw new KeystoreException("passkey " + name + " is the last passkey and cannot be removed");
    }
    if (removed.inUse()) {
      throw new KeystoreException("passkey " + name + " is in use: use another passkey first (keystore use-passkey)");
    }
    return new Keystore(keyId, passkeys.stream().filter(p -> !p.name().equals(name)).toList());
  }

  /** This keystore with {@code replaced} in place of the passkey of the same name (for rewrapping). */
  public Keystore replacing(Passkey replaced) {
    Passkey old = require(replaced.name());
    Passkey kept = replaced.withInUse(old.inUse());
    return new Keystore(keyId, passkeys.stream().map(p -> p.name().equals(kept.name()) ? kept : p).toList());
  }

  private Passkey require(String name) {
    return find(name).orElseThrow(() -> new KeystoreException("no passkey named " + name));
  }
}
