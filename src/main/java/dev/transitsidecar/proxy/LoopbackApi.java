package dev.transitsidecar.proxy;

import dev.transitsidecar.config.ListenConfig;
import dev.transitsidecar.http.ErrorRenderer;
import dev.transitsidecar.http.GracefulStop;
import dev.transitsidecar.http.SidecarException;
import dev.transitsidecar.seen.DecryptedVersions;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;

/**
 * The routes of the loopback API (docs/api.md). Every request is first timed for the metrics and its raw
 * path checked ({@link RawPath}); then the probes and {@code /metrics}, which skip the other guards (a kubelet or a
 * scraper does not send a loopback Host); then the Host check, the {@code X-Vault-Request} check and the body
 * limit, in that order, before any other handler sees the request. Any {@code /v1/} path that no route takes is
 * refused with Vault's 403 and reaches nothing.
 */
public final class LoopbackApi {
  private LoopbackApi() {}

  /**
   * The full API: the guards, the sidecar's routes, the locally answered Vault routes and the Transit proxy; with
   * derived keys, the plain derive requests answered ahead of the router ({@link DeriveFront}). Every request is
   * counted with {@code stop}, so that a stop drains it.
   */
  public static Handler<HttpServerRequest> handler(Vertx vertx, LoopbackServices services, GracefulStop stop) {
    ProxyMetrics metrics = new ProxyMetrics(services.registry());
    Router router = guarded(vertx, services.config().listen(), services.readiness(), services.registry(),
        services.decryptCache().seen(), metrics);
    ProxyRoutes.mount(vertx, router, services, metrics);
    Router api = withFallbacks(router);
    stop.trackOn(api);
    return services.derivedKeys()
        .<Handler<HttpServerRequest>>map(keys -> new DeriveFront(api, keys, services.config().listen(), metrics, stop))
        .orElse(api);
  }

  private static Router guarded(Vertx vertx, ListenConfig listen, Readiness readiness,
      PrometheusMeterRegistry registry, DecryptedVersions seen, ProxyMetrics metrics) {
    Router router = Router.router(vertx);
    router.route().handler(metrics::measure);
    router.route().handler(RawPath::require);
    probes(router, readiness, registry, seen);

    router.route().handler(LoopbackGuards::requireLoopbackHost);
    if (listen.requireRequestHeader()) {
      router.route().handler(LoopbackGuards::requireVaultRequestHeader);
    }
    router.route().handler(LoopbackGuards::refuseUndecodableForms);
    router.route().handler(BodyHandler.create(false).setBodyLimit(listen.maxBodyBytes()));
    return router;
  }

  /**
   * The routes of the probe listener ({@code listen.healthPort}, on the pod's address): {@code /healthz},
   * {@code /readyz}, {@code /metrics} and {@code /seen-versions}, and nothing else, so the kubelet, Prometheus and a
   * {@code rotate} in another pod can reach them while the API itself stays on loopback.
   */
  public static Router healthRouter(Vertx vertx, Readiness readiness, PrometheusMeterRegistry registry,
      DecryptedVersions seen) {
    Router router = Router.router(vertx);
    probes(router, readiness, registry, seen);
    router.route().handler(ctx -> ctx.fail(SidecarException.notFound()));
    router.route().failureHandler(new ErrorRenderer());
    return router;
  }

  /**
   * The probes, {@code /metrics} (the seen versions brought up to date first, so a forgotten version is no longer
   * scraped) and {@code GET /seen-versions}: {@code {"seen_versions": {mount: {key: {version: last seen}}}}}, the
   * versions the rotation interlock asks for; versions and times only, the same facts {@code /metrics} shows.
   */
  private static void probes(Router router, Readiness readiness, PrometheusMeterRegistry registry,
      DecryptedVersions seen) {
    router.get("/healthz").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "ok")));
    router.get("/readyz").handler(ctx -> ready(ctx, readiness));
    router.get("/seen-versions").handler(ctx -> json(ctx, 200, new JsonObject().put("seen_versions",
        seen.toJson())));
    router.get("/metrics").handler(ctx -> {
      seen.current();
      ctx.next();
    });
    router.get("/metrics").handler(new MetricsScrape(registry));
  }

  private static Router withFallbacks(Router router) {
    router.route("/v1/*").handler(LoopbackApi::refuse);
    router.route().handler(ctx -> ctx.fail(SidecarException.notFound()));
    router.route().failureHandler(new ErrorRenderer());
    return router;
  }

  private static void refuse(RoutingContext ctx) {
    ProxyMetrics.routeOf(ctx, ProxyMetrics.REFUSED);
    ctx.fail(SidecarException.permissionDenied());
  }

  private static void ready(RoutingContext ctx, Readiness readiness) {
    List<String> reasons = readiness.reasons();
    if (reasons.isEmpty()) {
      json(ctx, 200, new JsonObject().put("status", "ready"));
    } else {
      ErrorRenderer.respond(ctx.response(), 503, reasons);
    }
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.toBuffer());
  }
}
