package dev.transitsidecar.devvault;

/**
 * One Transit batch item failed. Carries Vault's exact message and how Vault classifies it for the batch
 * status (docs/vault-api.md section 1.9). Messages never contain key material or plaintext. No stack trace.
 */
final class ItemFailure extends RuntimeException {
  /** How the failure counts towards the batch status code. */
  enum Kind {
    /** {@code errutil.UserError}: the batch answers 400. */
    USER,
    /** {@code errutil.InternalError}: the batch answers 500 unless a user error is present. */
    INTERNAL,
    /** An item error Vault records without flagging the batch (padding scheme and AAD type checks). */
    UNFLAGGED
  }

  private final Kind kind;

  private ItemFailure(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  static ItemFailure user(String message) {
    return new ItemFailure(Kind.USER, message);
  }

  static ItemFailure internal(String message) {
    return new ItemFailure(Kind.INTERNAL, message);
  }

  static ItemFailure unflagged(String message) {
    return new ItemFailure(Kind.UNFLAGGED, message);
  }

  Kind kind() {
    return kind;
  }
}
