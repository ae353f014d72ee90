package dev.transitsidecar.inject;

import dev.transitsidecar.config.WebhookConfig;
import dev.transitsidecar.http.SidecarException;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * {@code POST /mutate}: the HTTP shell around {@link PodMutator}. Requires {@code application/json} (else 415) and
 * a JSON AdmissionReview (else 400); the size limit (413) is the body handler's, in front of this one. Always answers
 * a well-formed review with 200 and a review echoing its {@code uid}: a denial is {@code allowed: false}, not an
 * HTTP error. Anything that is not the creation of a Pod is allowed unchanged.
 */
final class AdmissionHandler implements Handler<RoutingContext> {
  /** A Pod is at most about 1.5 MiB (etcd's limit); the review around it adds little. */
  static final int MAX_REVIEW_BYTES = 3 * 1024 * 1024;

  private final WebhookConfig config;
  private final WebhookMetrics metrics;

  AdmissionHandler(WebhookConfig config, WebhookMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  /** Runs before the body is read: a review is JSON. */
  static void requireJson(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json")) {
      ctx.fail(SidecarException.of(415, "an AdmissionReview is sent as application/json"));
      return;
    }
    ctx.next();
  }

  @Override
  public void handle(RoutingContext ctx) {
    AdmissionReview review;
    try {
      review = AdmissionReview.parse(body(ctx));
    } catch (SidecarException e) {
      metrics.admission("malformed");
      ctx.fail(e);
      return;
    }
    PodMutator.Result result = review.isPodCreation()
        ? PodMutator.mutate(review.pod(), review.namespace(), config)
        : new PodMutator.Allowed(new JsonArray());
    metrics.admission(WebhookMetrics.outcomeOf(result));
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(review.answer(result).toBuffer());
  }

  private static JsonObject body(RoutingContext ctx) {
    try {
      JsonObject json = ctx.body().asJsonObject();
      if (json == null) {
        throw SidecarException.badRequest("the body is empty");
      }
      return json;
    } catch (DecodeException | ClassCastException e) {
      throw SidecarException.badRequest("the body is not a JSON object");
    }
  }
}
