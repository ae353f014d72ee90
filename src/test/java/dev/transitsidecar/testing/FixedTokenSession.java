package dev.transitsidecar.testing;

import dev.transitsidecar.auth.NotAuthenticated;
import dev.transitsidecar.auth.VaultSession;
import dev.transitsidecar.vault.VaultClient;
import dev.transitsidecar.vault.VaultRequest;
import dev.transitsidecar.vault.VaultResponse;
import dev.transitsidecar.vault.VaultToken;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * A {@link VaultSession} for tests: a real {@link VaultClient} with one fixed token (no renewal, no re-login), so
 * requests reach a real engine over real sockets. {@link #forget()} drops the token, after which every call fails
 * with {@link NotAuthenticated}, as the production session does when it holds no valid token.
 */
public final class FixedTokenSession implements VaultSession {
  private final VaultClient client;
  private volatile Optional<VaultToken> token;

  public FixedTokenSession(VaultClient client, String token) {
    this.client = client;
    this.token = Optional.of(VaultToken.of(token));
  }

  public void forget() {
    token = Optional.empty();
  }

  @Override
  public Future<VaultResponse> send(VaultRequest request) {
    Optional<VaultToken> held = token;
    return held.isEmpty() ? notAuthenticated() : client.send(request, held);
  }

  @Override
  public Future<JsonObject> call(String operation, VaultRequest request) {
    Optional<VaultToken> held = token;
    return held.isEmpty() ? notAuthenticated() : client.call(operation, request, held);
  }

  private static <T> Future<T> notAuthenticated() {
    return Future.failedFuture(new NotAuthenticated("no valid Vault token is held (test session forgot it)"));
  }
}
