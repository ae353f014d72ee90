package dev.transitsidecar.proxy;

import dev.transitsidecar.http.SidecarException;
import dev.transitsidecar.vault.VaultToken;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * {@code listen.clientTokenFile}: when a pod-local client token is configured, a request must present it as
 * {@code X-Vault-Token} (or {@code Authorization: Bearer}, as Vault accepts); the comparison is constant-time.
 * Without one configured, any token (or none) is accepted, since the client's token is never forwarded anyway.
 */
final class ClientTokenGuard {
  private final Optional<VaultToken> expected;

  ClientTokenGuard(Optional<VaultToken> expected) {
    this.expected = expected;
  }

  /** A route handler: passes on, or fails with 403 {@code permission denied}. */
  void require(RoutingContext ctx) {
    if (!allows(ctx.request())) {
      ctx.fail(SidecarException.permissionDenied());
      return;
    }
    ctx.next();
  }

  boolean allows(HttpServerRequest request) {
    if (expected.isEmpty()) {
      return true;
    }
    return presented(request).map(token -> expected.get().sameAs(token)).orElse(false);
  }

  /** The token the client sent; {@code X-Vault-Token} wins over {@code Authorization: Bearer}, as in Vault. */
  static Optional<VaultToken> presented(HttpServerRequest request) {
    String header = request.getHeader("X-Vault-Token");
    if (header == null || header.isBlank()) {
      String authorization = request.getHeader("Authorization");
      header = authorization != null && authorization.startsWith("Bearer ")
          ? authorization.substring("Bearer ".length()) : null;
    }
    try {
      return header == null ? Optional.empty() : Optional.of(VaultToken.of(header));
    } catch (IllegalArgumentException blankOrUnprintable) {
      return Optional.empty();
    }
  }
}
