package dev.transitsidecar.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single place where failures become HTTP answers, always in Vault's shape {@code {"errors":[...]}}
 * with {@code Content-Type: application/json} and {@code Cache-Control: no-store}. A {@link SidecarException}
 * keeps its status and message; a status set by vertx-web (413 from the body limit, 400 from a bad request)
 * gets a fixed message; anything else is a 500 with a generic message, and only the exception's class and
 * the route are logged (an unknown exception's message could carry request data).
 */
public final class ErrorRenderer implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorRenderer.class);

  @Override
  public void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    switch (failure) {
      case SidecarException e -> respond(ctx.response(), e.status(), e.errors());
      case HttpException e -> respond(ctx.response(), e.getStatusCode(), List.of(messageFor(e.getStatusCode())));
      case null -> respond(ctx.response(), statusOf(ctx), List.of(messageFor(statusOf(ctx))));
      default -> {
        LOG.error("unexpected failure on {} {}: {}", ctx.request().method(), ctx.normalizedPath(),
            failure.getClass().getName());
        respond(ctx.response(), 500, List.of("internal error"));
      }
    }
  }

  /** Writes {@code {"errors":[...]}} with the status, unless the response has already been sent. */
  public static void respond(HttpServerResponse response, int status, List<String> errors) {
    if (response.ended() || response.headWritten()) {
      response.reset();
      return;
    }
    response
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(new JsonObject().put("errors", new JsonArray(List.copyOf(errors))).toBuffer());
  }

  private static int statusOf(RoutingContext ctx) {
    return ctx.statusCode() < 400 ? 500 : ctx.statusCode();
  }

  static String messageFor(int status) {
    return switch (status) {
      case 400 -> "invalid request";
      case 403 -> "permission denied";
      case 404 -> "unsupported path";
      case 405 -> "unsupported operation";
      case 413 -> "http: request body too large";
      case 415 -> "unsupported content type";
      case 503 -> "service unavailable";
      default -> "internal error";
    };
  }
}
