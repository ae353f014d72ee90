package dev.transitsidecar.http;

import io.netty.handler.codec.DecoderException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single place where failures become HTTP answers, always in Vault's shape {@code {"errors":[...]}}
 * with {@code Content-Type: application/json} and {@code Cache-Control: no-store}. A {@link SidecarException}
 * keeps its status and message; a status set by vertx-web (413 from the body limit, 400 from a bad request)
 * gets a fixed message, and so does any failure vertx-web gave a 4xx status (a request without a valid
 * {@code Host}); a client that closed its connection mid-request gets nothing (it is gone); a body the HTTP codec
 * could not decode is a 400; a request whose work was cancelled (its call to Vault cut because the process is
 * stopping) is a 503, logged at INFO, since it is no fault of the sidecar's; anything else is a 500 with a generic
 * message, and only the exception's class and the route are logged (an unknown exception's message could carry
 * request data).
 */
public final class ErrorRenderer implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorRenderer.class);

  @Override
  public void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    switch (failure) {
      case HttpException e -> respond(ctx.response(), e.getStatusCode(), List.of(messageFor(e.getStatusCode())));
      case null -> respond(ctx.response(), statusOf(ctx), List.of(messageFor(statusOf(ctx))));
      case Throwable t when ctx.statusCode() >= 400 && ctx.statusCode() < 500 ->
          respond(ctx.response(), ctx.statusCode(), List.of(messageFor(ctx.statusCode())));
      default -> answer(ctx.response(), () -> ctx.request().method() + " " + ctx.normalizedPath(),
          !ctx.request().isEnded(), failure);
    }
  }

  /**
   * For a request answered without the router: the same answer {@link #handle} gives for {@code failure}, where the
   * request's headers were accepted.
   */
  public static void respond(HttpServerRequest request, Throwable failure) {
    answer(request.response(), () -> request.method() + " " + request.path(), !request.isEnded(), failure);
  }

  /**
   * The answer to a failure of the request {@code route} ("METHOD path", made only for a log line: a malformed path
   * cannot be normalized), the router's and the fast path's.
   */
  private static void answer(HttpServerResponse response, Supplier<String> route, boolean bodyUnread,
      Throwable failure) {
    switch (failure) {
      case SidecarException e -> respond(response, e.status(), e.errors());
      case HttpClosedException e -> LOG.debug("client closed the connection during {}", route.get());
      case Throwable t when cancelled(t) -> {
        LOG.info("request cancelled on {} (the sidecar is stopping): answered 503", route.get());
        respond(response, 503, List.of(messageFor(503)));
      }
      case Throwable t when bodyUnread && (t instanceof IllegalArgumentException || t instanceof DecoderException) -> {
        LOG.debug("undecodable request body on {}: {}", route.get(), t.getClass().getName());
        respond(response, 400, List.of("malformed request body"));
      }
      default -> {
        LOG.error("unexpected failure on {}: {}", route.get(), failure.getClass().getName());
        respond(response, 500, List.of("internal error"));
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

  /**
   * The work was cancelled rather than failed: Netty cancels the promises of a connection that Vert.x closes (its
   * {@code LeanCancellationException} is a {@link CancellationException}), at any depth of causes.
   */
  private static boolean cancelled(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CancellationException) {
        return true;
      }
    }
    return false;
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
