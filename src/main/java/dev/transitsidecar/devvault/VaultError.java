package dev.transitsidecar.devvault;

import java.util.List;

/**
 * A Vault-style failure of the embedded engine: rendered as {@code {"errors":[...]}} with {@link #status()}.
 * Messages are Vault's own texts (docs/vault-api.md) and never carry secrets. No stack trace is captured:
 * this is an expected outcome, not a bug.
 */
final class VaultError extends RuntimeException {
  private final int status;
  private final List<String> errors;

  VaultError(int status, String... errors) {
    super(status + " " + String.join("; ", errors), null, false, false);
    this.status = status;
    this.errors = List.of(errors);
  }

  static VaultError badRequest(String message) {
    return new VaultError(400, message);
  }

  /** Vault's answer to a read of something that does not exist: 404 with an empty error list. */
  static VaultError notFound() {
    return new VaultError(404);
  }

  /** A plain (non-{@code ErrorResponse}) Go error with no known sentinel: Vault answers 500 with its text. */
  static VaultError internal(String message) {
    return new VaultError(500, message);
  }

  /** No route matches the path (sentinel {@code logical.ErrUnsupportedPath}). */
  static VaultError unsupportedPath() {
    return new VaultError(404, "unsupported path");
  }

  /** The path matches but has no handler for the operation (sentinel {@code logical.ErrUnsupportedOperation}). */
  static VaultError unsupportedOperation() {
    return new VaultError(405, "unsupported operation");
  }

  static VaultError permissionDenied() {
    return new VaultError(403, "permission denied");
  }

  int status() {
    return status;
  }

  List<String> errors() {
    return errors;
  }
}
