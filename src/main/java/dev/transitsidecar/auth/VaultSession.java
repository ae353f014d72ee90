package dev.transitsidecar.auth;

import dev.transitsidecar.vault.VaultRequest;
import dev.transitsidecar.vault.VaultResponse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Vault as the sidecar's own identity sees it: every request carries the token that the sidecar holds (never a
 * client's). When Vault answers 403 for an invalid token, the session logs in again at once (one login in flight,
 * however many requests saw the 403) and retries that request once. Thread-safe; callbacks run on the caller's
 * Vert.x context.
 */
public interface VaultSession {
  /**
   * Sends the request with the sidecar's token and answers whatever Vault answered (for pass-through). Fails with
   * {@link NotAuthenticated} when no valid token is held, or with a {@code VaultUnavailable} when no answer came.
   */
  Future<VaultResponse> send(VaultRequest request);

  /**
   * Sends the request and expects a 2xx JSON answer; fails with {@code VaultRejected} (Vault's errors),
   * {@code VaultUnavailable} or {@link NotAuthenticated}.
   */
  Future<JsonObject> call(String operation, VaultRequest request);
}
