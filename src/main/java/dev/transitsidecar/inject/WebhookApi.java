package dev.transitsidecar.inject;

import dev.transitsidecar.config.WebhookConfig;
import dev.transitsidecar.http.ErrorRenderer;
import dev.transitsidecar.http.ReadinessCheck;
import dev.transitsidecar.http.SidecarException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.List;

/**
 * The webhook's routes: {@code POST /mutate}, and {@code /healthz}, {@code /readyz} and {@code /metrics} as in the
 * sidecar. It is ready as soon as it serves (the certificate was loaded before the server started, and nothing else
 * is needed to answer a review) until it begins to stop ({@code readiness}). Every error is written by
 * {@link ErrorRenderer}.
 */
final class WebhookApi {
  private WebhookApi() {}

  static Router router(Vertx vertx, WebhookConfig config, PrometheusMeterRegistry registry, WebhookMetrics metrics,
      ReadinessCheck readiness) {
    Router router = Router.router(vertx);
    router.get("/healthz").handler(ctx -> json(ctx, new JsonObject().put("status", "ok")));
    router.get("/readyz").handler(ctx -> readiness.notReadyReason().ifPresentOrElse(
        reason -> ErrorRenderer.respond(ctx.response(), 503, List.of(reason)),
        () -> json(ctx, new JsonObject().put("status", "ready"))));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    router.post("/mutate").handler(AdmissionHandler::requireJson);
    router.post("/mutate")
        .handler(BodyHandler.create(false).setBodyLimit(AdmissionHandler.MAX_REVIEW_BYTES))
        .handler(new AdmissionHandler(config, metrics));
    router.route().handler(ctx -> ctx.fail(SidecarException.notFound()));
    router.route().failureHandler(new ErrorRenderer());
    return router;
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.toBuffer());
  }
}
