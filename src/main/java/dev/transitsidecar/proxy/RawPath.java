package dev.transitsidecar.proxy;

import dev.transitsidecar.http.SidecarException;
import io.vertx.ext.web.RoutingContext;

/**
 * The strict path check that runs on the raw request path ({@code request().path()}, as it came on the wire)
 * before any routing, because Vert.x routes on a normalized path: it decodes percent-escapes of unreserved
 * characters and removes dot segments. A path passes only when every segment is a plain name of
 * {@code [A-Za-z0-9_.-]} that neither starts nor ends with a dot and has no {@code ..}: so no percent-encoding at
 * all, no {@code .} or {@code ..} segment, no empty segment (double or trailing slash), no trailing dot, no
 * backslash or semicolon. A path that passes is its own normalized form, so what the router matches is what the
 * allow-list compares. Anything else is refused with 403 {@code permission denied}. A query string that does not
 * decode is a 400.
 */
final class RawPath {
  private RawPath() {}

  static void require(RoutingContext ctx) {
    if (!isPlain(ctx.request().path())) {
      ProxyMetrics.routeOf(ctx, ProxyMetrics.REFUSED);
      ctx.fail(SidecarException.permissionDenied());
      return;
    }
    if (!decodableQuery(ctx)) {
      ctx.fail(SidecarException.badRequest("invalid query string"));
      return;
    }
    ctx.next();
  }

  /**
   * Whether the query string decodes ({@code ?a=%zz} does not): checked once here, because a route reading a
   * parameter would otherwise fail with an exception (a 500, found by the fuzzing).
   */
  private static boolean decodableQuery(RoutingContext ctx) {
    try {
      ctx.request().params();
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** True when the raw path is {@code /} followed by plain segments separated by single slashes. */
  static boolean isPlain(String rawPath) {
    if (rawPath == null || !rawPath.startsWith("/") || rawPath.length() == 1) {
      return false;
    }
    int start = 1;
    for (int i = 1; i <= rawPath.length(); i++) {
      if (i == rawPath.length() || rawPath.charAt(i) == '/') {
        if (!isPlainSegment(rawPath, start, i)) {
          return false;
        }
        start = i + 1;
      }
    }
    return true;
  }

  /** {@code [A-Za-z0-9_.-]+}, neither starting nor ending with a dot, without {@code ..}. */
  private static boolean isPlainSegment(String path, int from, int to) {
    if (from == to || path.charAt(from) == '.' || path.charAt(to - 1) == '.') {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = path.charAt(i);
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
          || c == '-' || c == '.';
      if (!plain || (c == '.' && path.charAt(i - 1) == '.')) {
        return false;
      }
    }
    return true;
  }
}
