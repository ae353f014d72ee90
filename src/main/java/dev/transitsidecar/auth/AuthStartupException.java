package dev.transitsidecar.auth;

/**
 * The sidecar cannot authenticate for a reason the user fixes locally: the token file is missing, empty or unreadable
 * and {@code VAULT_TOKEN} is not set; a JWT, role-id or secret-id file cannot be read; a required setting is empty.
 * The message is one line naming the setting and the path, never a credential. (Anything Vault says, and Vault being
 * unreachable, does not fail the start: the sidecar stays not ready and keeps trying.)
 */
public final class AuthStartupException extends RuntimeException {
  AuthStartupException(String safeMessage) {
    super(safeMessage, null, false, false);
  }
}
