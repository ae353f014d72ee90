package dev.transitsidecar.vault;

/**
 * Why a call to Vault did not give the caller what it needed. Messages are ours and safe to log; they never
 * contain a Vault response body or a request body. No stack trace: these are expected conditions.
 */
public abstract sealed class VaultException extends RuntimeException
    permits VaultRejected, VaultUnavailable {
  VaultException(String safeMessage) {
    super(safeMessage, null, false, false);
  }

  /** The HTTP status that best tells a client of the sidecar what happened. */
  public abstract int status();
}
