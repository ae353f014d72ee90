package dev.transitsidecar.auth;

/**
 * The sidecar holds no valid Vault token right now (not yet logged in, the login was refused, or the token lapsed).
 * A client of the loopback API sees 503 with this message; {@code /readyz} reports the same reason.
 */
public final class NotAuthenticated extends RuntimeException {
  public NotAuthenticated(String safeReason) {
    super(safeReason, null, false, false);
  }
}
