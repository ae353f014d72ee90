package dev.transitsidecar.proxy;

import dev.transitsidecar.http.SidecarException;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;

/**
 * The request guards of DESIGN.md section 3 that run before any body is read: the {@code Host} header must
 * name a loopback host (so a DNS-rebinding page in a browser cannot reach the API), and, when configured,
 * {@code X-Vault-Request: true} must be present (as Vault Agent requires, so a plain cross-site form post
 * cannot either).
 */
final class LoopbackGuards {
  private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private LoopbackGuards() {}

  static void requireLoopbackHost(RoutingContext ctx) {
    if (!isLoopback(ctx.request().authority())) {
      ctx.fail(SidecarException.permissionDenied());
      return;
    }
    ctx.next();
  }

  static void requireVaultRequestHeader(RoutingContext ctx) {
    if (!"true".equalsIgnoreCase(ctx.request().getHeader("X-Vault-Request"))) {
      ctx.fail(SidecarException.of(412, "missing \"X-Vault-Request\" header"));
      return;
    }
    ctx.next();
  }

  static boolean isLoopback(HostAndPort authority) {
    return authority != null && LOOPBACK_HOSTS.contains(authority.host().toLowerCase(Locale.ROOT));
  }
}
