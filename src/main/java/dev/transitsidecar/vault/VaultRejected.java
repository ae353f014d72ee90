package dev.transitsidecar.vault;

import java.util.List;

/**
 * Vault answered with an error status. {@link #errors()} holds Vault's own messages (its {@code errors} array),
 * kept apart from {@link #getMessage()}: they are for decisions ({@code permission denied}, {@code invalid token})
 * and for clients that expect them, not for logs.
 */
public final class VaultRejected extends VaultException {
  private final int status;
  private final List<String> errors;

  public VaultRejected(String operation, int status, List<String> errors) {
    super("vault refused " + operation + " with status " + status);
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  @Override
  public int status() {
    return status;
  }

  public List<String> errors() {
    return errors;
  }

  /** Vault's answer to a token it does not know (any version: 1.17+ adds "invalid token"). */
  public boolean isPermissionDenied() {
    return status == 403 && errors.stream().anyMatch(e -> e.contains("permission denied") || e.contains("invalid token"));
  }
}
