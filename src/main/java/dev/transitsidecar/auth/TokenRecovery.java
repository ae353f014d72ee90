package dev.transitsidecar.auth;

import dev.transitsidecar.vault.VaultRejected;
import dev.transitsidecar.vault.VaultToken;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * What the session does when Vault answers 403 to a request made with the sidecar's token: one recovery at a time,
 * shared by every request that saw the 403. When Vault said {@code invalid token} (1.17+), the watcher logs in again at
 * once; when it said only {@code permission denied} (a bad token before 1.17, or a policy that does not allow the
 * request), {@code lookup-self} tells the two apart first, so a policy denial never causes a login.
 */
final class TokenRecovery {
  private final Lifecycle lifecycle;
  private final TokenCalls calls;
  private final AuthState state;
  private Future<Optional<VaultToken>> inFlight;

  TokenRecovery(Lifecycle lifecycle, TokenCalls calls, AuthState state) {
    this.lifecycle = lifecycle;
    this.calls = calls;
    this.state = state;
  }

  /**
   * The token to retry with once, or empty when the request should not be retried (the token is fine and the 403 is
   * the policy's, or no new token could be had). Never fails. Callable from any thread; completes on the watcher's.
   */
  Future<Optional<VaultToken>> recover(VaultToken refused, boolean vaultSaidInvalid) {
    return lifecycle.agenda().onContext(() -> recoverOnContext(refused, vaultSaidInvalid));
  }

  private Future<Optional<VaultToken>> recoverOnContext(VaultToken refused, boolean vaultSaidInvalid) {
    Optional<Held> current = state.held();
    if (current.isPresent() && !current.get().token().sameAs(refused)) {
      return Future.succeededFuture(Optional.of(current.get().token()));
    }
    if (inFlight != null) {
      return inFlight;
    }
    if (current.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    Future<Optional<VaultToken>> flight = (vaultSaidInvalid ? Future.succeededFuture(true) : isRefused(refused))
        .compose(invalid -> invalid ? lifecycle.reauthenticate(refused) : Future.succeededFuture(Optional.empty()));
    inFlight = flight;
    flight.onComplete(done -> inFlight = null);
    return flight;
  }

  private Future<Boolean> isRefused(VaultToken token) {
    return calls.lookupSelf(token)
        .map(lease -> false)
        .otherwise(failure -> failure instanceof VaultRejected r && VaultErrors.deniesToken(r.status(), r.errors()));
  }
}
