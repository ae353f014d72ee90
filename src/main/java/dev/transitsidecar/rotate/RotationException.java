package dev.transitsidecar.rotate;

/** A rotation stopped; the message is one line, safe to print and log (never a ciphertext, token or plaintext). */
public final class RotationException extends RuntimeException {
  public RotationException(String message) {
    super(message, null, false, false);
  }
}
