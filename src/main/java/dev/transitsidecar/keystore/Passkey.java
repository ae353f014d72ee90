package dev.transitsidecar.keystore;

import java.time.Instant;

/**
 * One wrapping of the master key (docs/design.md, "The keystore"). Holds only wrapped material, never the key itself.
 */
public sealed interface Passkey permits TransitPasskey, PassphrasePasskey {
  String name();

  /** {@code vault-transit} or {@code passphrase}, as in the file. */
  String type();

  boolean inUse();

  Instant created();

  /** The same passkey with {@code in_use} set as given. */
  Passkey withInUse(boolean inUse);
}
