package dev.transitsidecar.proxy;

import dev.transitsidecar.auth.NotAuthenticated;
import dev.transitsidecar.auth.VaultSession;
import dev.transitsidecar.cache.DecryptCache;
import dev.transitsidecar.http.SidecarException;
import dev.transitsidecar.memory.Wipe;
import dev.transitsidecar.vault.VaultException;
import dev.transitsidecar.vault.VaultRequest;
import dev.transitsidecar.vault.VaultResponse;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Forwards an allow-listed request to Vault with the sidecar's token and passes Vault's answer back unchanged:
 * status, body and {@code Content-Type}, plus {@code Cache-Control: no-store}. A request whose path is not on the
 * {@link AllowList} goes on to the 403 fallback. The client's token headers are never copied (the
 * {@link VaultSession} sets the sidecar's own), nor is any other client header. Decrypts ask the
 * {@link DecryptCache} first; encrypts and the decrypts the cache does not answer go through the {@link Coalescer}. Every answer's body is zeroed once it is written (it may hold a plaintext).
 */
final class TransitForwarder {
  private static final String DECRYPT = "transit/decrypt";
  private static final String V1 = "/v1/";
  private final AllowList allowList;
  private final ClientTokenGuard clientTokens;
  private final VaultSession session;
  private final ProxyMetrics metrics;
  private final DecryptCache cache;
  private final Coalescer coalescer;

  TransitForwarder(AllowList allowList, ClientTokenGuard clientTokens, VaultSession session, ProxyMetrics metrics,
      DecryptCache cache, Coalescer coalescer) {
    this.allowList = allowList;
    this.clientTokens = clientTokens;
    this.session = session;
    this.metrics = metrics;
    this.cache = cache;
    this.coalescer = coalescer;
  }

  void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!request.path().startsWith(V1)) {
      ctx.next(); // "/v1" itself, which the route "/v1/*" matches too (it was a 500, found by fuzzing)
      return;
    }
    String path = request.path().substring(V1.length());
    ProxiedRoute route = allowList.match(request.method(), path, "true".equals(request.getParam("list"))).orElse(null);
    if (route == null) {
      ctx.next();
      return;
    }
    ProxyMetrics.routeOf(ctx, route.route());
    if (!clientTokens.allows(request)) {
      ctx.fail(SidecarException.permissionDenied());
      return;
    }
    try {
      forward(ctx, route, RequestBodies.check(request, route, ctx.body().buffer()));
    } catch (SidecarException badInput) {
      ctx.fail(badInput);
    }
  }

  private void forward(RoutingContext ctx, ProxiedRoute route, Buffer body) {
    answer(ctx, route, body)
        .onSuccess(response -> passThrough(ctx.response(), response))
        .onFailure(failure -> ctx.fail(toClientError(failure)));
  }

  private Future<VaultResponse> answer(RoutingContext ctx, ProxiedRoute route, Buffer body) {
    if (route.route().equals(DECRYPT)) {
      return cache.decrypt(transitKey(route), body, () -> coalesced(ctx, route, body));
    }
    return coalesced(ctx, route, body);
  }

  /** Through the {@link Coalescer}, which sends the request alone when it cannot or may not join a batch. */
  private Future<VaultResponse> coalesced(RoutingContext ctx, ProxiedRoute route, Buffer body) {
    return coalescer.send(route, body, () -> send(ctx, route, body))
        .andThen(result -> markForwarded(ctx, result));
  }

  private Future<VaultResponse> send(RoutingContext ctx, ProxiedRoute route, Buffer body) {
    return session.send(new VaultRequest(route.vaultMethod(), route.vaultUri(), body, true))
        .andThen(result -> count(ctx, route, result));
  }

  /** The key's name: the last segment of {@code {mount}/decrypt/{key}}. */
  private static String transitKey(ProxiedRoute route) {
    return route.path().substring(route.path().lastIndexOf('/') + 1);
  }

  private static void markForwarded(RoutingContext ctx, AsyncResult<VaultResponse> result) {
    if (result.succeeded() || result.cause() instanceof VaultException) {
      ProxyMetrics.forwarded(ctx);
    }
  }

  private void count(RoutingContext ctx, ProxiedRoute route, AsyncResult<VaultResponse> result) {
    if (result.succeeded()) {
      metrics.vaultCall(ctx, route.route(), result.result().status());
    } else if (result.cause() instanceof VaultException e) {
      metrics.vaultCall(ctx, route.route(), e.status());
    }
  }

  /** Writes Vault's answer, then zeroes its buffer (only then: the write reads the buffer in place). */
  private static void passThrough(HttpServerResponse response, VaultResponse vault) {
    if (response.closed() || response.ended()) {
      Wipe.buffer(vault.body());
      return;
    }
    response.setStatusCode(vault.status()).putHeader("Cache-Control", "no-store");
    if (vault.contentType() != null) {
      response.putHeader("Content-Type", vault.contentType());
    }
    response.end(vault.body())
        .onComplete(written -> Wipe.buffer(vault.body()));
  }

  /** No answer from Vault, or no token to ask with: Vault's shape, a status that says which, a safe message. */
  static Throwable toClientError(Throwable failure) {
    return switch (failure) {
      case NotAuthenticated e -> SidecarException.upstream(503, e.getMessage());
      case VaultException e -> SidecarException.upstream(e.status(), e.getMessage());
      default -> failure;
    };
  }
}
