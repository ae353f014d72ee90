package dev.transitsidecar.auth;

import dev.transitsidecar.vault.VaultClient;
import dev.transitsidecar.vault.VaultRequest;
import dev.transitsidecar.vault.VaultToken;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** The token endpoints the lifetime watcher uses, through the one Vault client. */
final class TokenCalls {
  private static final String LOOKUP_SELF = "/v1/auth/token/lookup-self";
  private static final String RENEW_SELF = "/v1/auth/token/renew-self";

  private final VaultClient client;

  TokenCalls(VaultClient client) {
    this.client = client;
  }

  /** {@code GET auth/token/lookup-self}: is the token valid, and for how long. */
  Future<Lease> lookupSelf(VaultToken token) {
    return client.call("token lookup-self", VaultRequest.get(LOOKUP_SELF), Optional.of(token))
        .map(Lease::fromLookup);
  }

  /** {@code POST auth/token/renew-self} without an increment: Vault grants the token's own TTL again, capped. */
  Future<Lease> renewSelf(VaultToken token) {
    return client.call("token renew-self", VaultRequest.post(RENEW_SELF, new JsonObject()), Optional.of(token))
        .map(Lease::fromAuth);
  }

  /**
   * {@code POST auth/<mount>/login}, sent once (each login creates a token; the caller's backoff retries). The body
   * carries credentials and is never logged.
   */
  Future<VaultToken> login(String mount, JsonObject body) {
    return client.call("login at auth/" + mount, VaultRequest.postOnce("/v1/auth/" + mount + "/login", body),
            Optional.empty())
        .map(envelope -> Lease.object(envelope, "auth"))
        .map(TokenCalls::clientToken);
  }

  private static VaultToken clientToken(JsonObject auth) {
    try {
      return VaultToken.of(auth.getValue("client_token") instanceof String s ? s : "");
    } catch (IllegalArgumentException e) {
      throw new Lease.MalformedAnswer("Vault's login answer has no usable client_token");
    }
  }
}
