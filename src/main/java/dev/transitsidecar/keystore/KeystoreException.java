package dev.transitsidecar.keystore;

/**
 * The keystore cannot be used as asked: it is missing, damaged, locked by another writer, or the change breaks a rule
 * of docs/design.md, "The keystore". The message is one line, safe to print and log (it never holds key material, a ciphertext
 * or a passphrase). No stack trace: these are expected conditions.
 */
public class KeystoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KeystoreException(String safeMessage) {
    super(safeMessage, null, false, false);
  }
}
