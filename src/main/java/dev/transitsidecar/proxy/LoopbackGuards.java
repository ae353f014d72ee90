package dev.transitsidecar.proxy;

import dev.transitsidecar.http.SidecarException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;

/**
 * The request guards of docs/api.md that run before any body is read: the {@code Host} header must
 * name a loopback host (so a DNS-rebinding page in a browser cannot reach the API), and, when configured,
 * {@code X-Vault-Request: true} must be present (as Vault Agent requires, so a plain cross-site form post
 * cannot either).
 */
final class LoopbackGuards {
  private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
  private static final Set<HttpMethod> FORM_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
      HttpMethod.DELETE);

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

  /**
   * Runs before the body handler, which decodes {@code multipart/form-data} and
   * {@code application/x-www-form-urlencoded} bodies and throws for a method that cannot carry a form (a
   * {@code GET} or {@code LIST} with such a type was a 500, found by the fuzzing). No route takes a
   * multipart body, and a form type is accepted only where a body is (its body must still be JSON): anything else
   * is 415.
   */
  static void refuseUndecodableForms(RoutingContext ctx) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    String lower = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
    boolean multipart = lower.startsWith("multipart/");
    boolean form = lower.startsWith("application/x-www-form-urlencoded");
    if (multipart || form && !FORM_METHODS.contains(ctx.request().method())) {
      ctx.fail(SidecarException.of(415, "unsupported content type: send application/json"));
      return;
    }
    ctx.next();
  }

  static boolean isLoopback(HostAndPort authority) {
    return authority != null && LOOPBACK_HOSTS.contains(authority.host().toLowerCase(Locale.ROOT));
  }
}
