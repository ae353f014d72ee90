package dev.transitsidecar.keystore;

import java.time.Instant;

/**
 * The master key wrapped by a Transit key: {@code ciphertext} is Transit's {@code encrypt} of the master key's
 * base64.
 *
 * @param ciphertext {@code vault:vN:...}
 */
public record TransitPasskey(String name, String mount, String key, String ciphertext, boolean inUse, Instant created)
    implements Passkey {
  public static final String TYPE = "vault-transit";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public TransitPasskey withInUse(boolean use) {
    return new TransitPasskey(name, mount, key, ciphertext, use, created);
  }

  /**
   * The same passkey with {@code rewrapped} (Transit's {@code rewrap} of its ciphertext) in place of its ciphertext;
   * fails with a {@link KeystoreException} when {@code rewrapped} is not a Transit ciphertext.
   */
  public TransitPasskey rewrapped(String rewrapped) {
    if (!KeystoreFormat.validTransitCiphertext(rewrapped)) {
      throw new KeystoreException("vault answered transit rewrap without a valid ciphertext");
    }
    return new TransitPasskey(name, mount, key, rewrapped, inUse, created);
  }

  /** The Transit key version the ciphertext was made with ({@code N} of {@code vault:vN:}). */
  public int version() {
    return KeystoreFormat.transitVersion(ciphertext);
  }

  @Override
  public String toString() {
    return "TransitPasskey[" + name + ", " + mount + "/" + key + ", v" + version() + ", in_use=" + inUse + "]";
  }
}
