package dev.transitsidecar.proxy;

import dev.transitsidecar.http.SidecarException;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

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
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?");

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
   * parameter would otherwise fail with an exception (a 500, found by the fuzzing of issue 9).
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
    for (String segment : rawPath.substring(1).split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches() || segment.contains("..")) {
        return false;
      }
    }
    return true;
  }
}
