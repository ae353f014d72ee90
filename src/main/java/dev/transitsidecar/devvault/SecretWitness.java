package dev.transitsidecar.devvault;

/**
 * Told of every secret the embedded engine hands out or sees, so that a test suite can check its logs for them
 * (the leak check of the build records them in a ledger and scans every log for them). Implementations are found
 * with {@link java.util.ServiceLoader} when the class is first used; the packaged jar registers none, so {@code dev}
 * has none. Called on the engine's threads, under its lock: record and return, never block, never log the value.
 * The arrays are copies the witness may keep.
 */
public interface SecretWitness {
  /** A token id the engine minted (or the root token it was given), or an AppRole secret_id it generated. */
  void credential(String value);

  /** A Transit plaintext: what a client asked to encrypt, what a decrypt gave back, a generated data key. */
  void plaintext(byte[] value);
}
