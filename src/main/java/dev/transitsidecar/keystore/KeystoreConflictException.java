package dev.transitsidecar.keystore;

/**
 * The keystore changed between this writer's read and its write (another writer got there first; for the keystore
 * in a Secret, the API server refused the update's {@code resourceVersion}). Nothing was written: read it again and
 * decide again.
 */
public final class KeystoreConflictException extends KeystoreException {
  private static final long serialVersionUID = 1L;

  public KeystoreConflictException(String safeMessage) {
    super(safeMessage);
  }
}
