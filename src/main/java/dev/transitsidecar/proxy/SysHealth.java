package dev.transitsidecar.proxy;

import dev.transitsidecar.http.SidecarException;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/**
 * {@code GET|HEAD /v1/sys/health} answered locally in Vault's shape from the sidecar's readiness: ready is an
 * active, unsealed node (200, or {@code activecode}); not ready is reported as sealed (503, or {@code sealedcode}),
 * the one status Vault clients read as "cannot serve now". Like Vault's, it needs no token.
 */
final class SysHealth {
  private final Readiness readiness;
  private final Clock clock;

  SysHealth(Readiness readiness, Clock clock) {
    this.readiness = readiness;
    this.clock = clock;
  }

  void handle(RoutingContext ctx) {
    boolean ready = readiness.reasons().isEmpty();
    int status = ready ? code(ctx.queryParams(), "activecode", 200) : code(ctx.queryParams(), "sealedcode", 503);
    if (ctx.request().method().equals(HttpMethod.HEAD)) {
      ctx.response().setStatusCode(status).putHeader("Cache-Control", "no-store").end();
      return;
    }
    LoopbackApi.json(ctx, status, body(ready));
  }

  private JsonObject body(boolean ready) {
    return new JsonObject()
        .put("initialized", true)
        .put("sealed", !ready)
        .put("standby", false)
        .put("performance_standby", false)
        .put("replication_performance_mode", "disabled")
        .put("replication_dr_mode", "disabled")
        .put("server_time_utc", clock.instant().getEpochSecond())
        .put("version", "transit-sidecar")
        .put("enterprise", false)
        .put("cluster_name", "transit-sidecar");
  }

  private static int code(MultiMap query, String name, int fallback) {
    String value = query.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int code = Integer.parseInt(value);
      if (code < 100 || code > 599) {
        throw new NumberFormatException();
      }
      return code;
    } catch (NumberFormatException e) {
      throw SidecarException.badRequest("bad code for " + name);
    }
  }
}
