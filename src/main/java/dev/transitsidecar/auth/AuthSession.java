package dev.transitsidecar.auth;

import dev.transitsidecar.vault.VaultClient;
import dev.transitsidecar.vault.VaultRejected;
import dev.transitsidecar.vault.VaultRequest;
import dev.transitsidecar.vault.VaultResponse;
import dev.transitsidecar.vault.VaultToken;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * {@link VaultSession} over the one Vault client: the held token on every request; a 403 that is about that token
 * leads to one recovery ({@link TokenRecovery}) and at most one retry of the request, never a loop.
 */
final class AuthSession implements VaultSession {
  private final VaultClient client;
  private final AuthState state;
  private final TokenRecovery recovery;

  AuthSession(VaultClient client, AuthState state, TokenRecovery recovery) {
    this.client = client;
    this.state = state;
    this.recovery = recovery;
  }

  @Override
  public Future<VaultResponse> send(VaultRequest request) {
    Optional<Held> held = state.held();
    if (held.isEmpty()) {
      return notAuthenticated();
    }
    VaultToken token = held.get().token();
    return client.send(request, Optional.of(token))
        .compose(response -> afterAnswer(request, token, response));
  }

  private Future<VaultResponse> afterAnswer(VaultRequest request, VaultToken token, VaultResponse response) {
    if (response.status() != 403) {
      // Only a 403 can be about the token; any other body (a decrypt's plaintext) is never parsed into Strings.
      return Future.succeededFuture(response);
    }
    List<String> errors = VaultErrors.of(response);
    if (!VaultErrors.deniesToken(response.status(), errors)) {
      return Future.succeededFuture(response);
    }
    Context caller = Vertx.currentContext();
    Future<VaultResponse> retried = recovery.recover(token, VaultErrors.saysInvalidToken(errors))
        .compose(fresh -> fresh.isPresent() ? client.send(request, fresh) : Future.succeededFuture(response));
    return backOn(caller, retried);
  }

  @Override
  public Future<JsonObject> call(String operation, VaultRequest request) {
    Optional<Held> held = state.held();
    if (held.isEmpty()) {
      return notAuthenticated();
    }
    VaultToken token = held.get().token();
    return client.call(operation, request, Optional.of(token))
        .recover(failure -> afterFailure(operation, request, token, failure));
  }

  private Future<JsonObject> afterFailure(String operation, VaultRequest request, VaultToken token, Throwable failure) {
    if (!(failure instanceof VaultRejected r && VaultErrors.deniesToken(r.status(), r.errors()))) {
      return Future.failedFuture(failure);
    }
    Context caller = Vertx.currentContext();
    Future<JsonObject> retried = recovery.recover(token, VaultErrors.saysInvalidToken(r.errors()))
        .compose(fresh -> fresh.isPresent() ? client.call(operation, request, fresh) : Future.failedFuture(failure));
    return backOn(caller, retried);
  }

  private <T> Future<T> notAuthenticated() {
    return Future.failedFuture(new NotAuthenticated(
        "not authenticated to Vault: " + state.notAuthenticatedReason().orElse("the token was just lost")));
  }

  /** A retry ran on the watcher's context; the caller's continuations run on the caller's context again. */
  private static <T> Future<T> backOn(Context caller, Future<T> future) {
    return caller == null ? future : Future.fromCompletionStage(future.toCompletionStage(), caller);
  }
}
