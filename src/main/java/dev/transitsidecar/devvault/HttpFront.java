package dev.transitsidecar.devvault;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP shell: records the request, reads the body (bounded), applies latency and faults, then hands
 * {@code sys/health}, {@code sys/seal-status} to {@link Health} and everything else under {@code /v1/} to the
 * {@link Engine}. Unknown failures become 500 {@code internal error}; no stack trace or body is ever sent or logged.
 */
final class HttpFront {
  private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);

  private final Vertx vertx;
  private final Engine engine;
  private final Health health;
  private final Faults faults;
  private final RequestLog log;
  private final long maxBodyBytes;

  HttpFront(Vertx vertx, Engine engine, Health health, Faults faults, RequestLog log, long maxBodyBytes) {
    this.vertx = vertx;
    this.engine = engine;
    this.health = health;
    this.faults = faults;
    this.log = log;
    this.maxBodyBytes = maxBodyBytes;
  }

  Router router() {
    Router router = Router.router(vertx);
    router.route().handler(this::record);
    router.route().handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
    router.route().handler(this::delayAndFault);
    router.route("/v1/sys/health").handler(this::health);
    router.route("/v1/sys/seal-status").handler(this::sealStatus);
    router.route("/v1/*").handler(this::serve);
    router.route().handler(ctx -> Envelope.error(ctx.response(), 404, List.of("unsupported path")));
    router.route().failureHandler(this::failure);
    return router;
  }

  private void record(RoutingContext ctx) {
    Envelope.headers(ctx.response());
    log.add(ctx.request().method().name(), ctx.request().path());
    ctx.next();
  }

  private void delayAndFault(RoutingContext ctx) {
    Duration delay = faults.latency();
    Future<Void> wait = delay.isZero()
        ? Future.succeededFuture()
        : vertx.timer(delay.toMillis(), TimeUnit.MILLISECONDS).mapEmpty();
    wait.onSuccess(v -> applyFault(ctx, faults.take()));
  }

  private void applyFault(RoutingContext ctx, Faults.Action action) {
    switch (action) {
      case Faults.Pass p -> ctx.next();
      case Faults.Fail f -> Envelope.error(ctx.response(), f.status(), List.of(f.message()));
      case Faults.Drop d -> ctx.request().connection().close();
      case Faults.Reset r -> resetMidBody(ctx);
    }
  }

  private static void resetMidBody(RoutingContext ctx) {
    HttpServerResponse resp = ctx.response().setStatusCode(200).putHeader("Content-Length", "4096");
    resp.write("{\"request_id\":\"")
        .eventually(() -> ctx.request().connection().close());
  }

  private void health(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
      Envelope.error(ctx.response(), 405, List.of());
      return;
    }
    try {
      Health.Answer answer = health.health(engine.sealed(), ctx.queryParams());
      if (method.equals(HttpMethod.HEAD)) {
        ctx.response().setStatusCode(answer.status()).end();
      } else {
        Envelope.json(ctx.response(), answer.status(), answer.body());
      }
    } catch (VaultError e) {
      Envelope.error(ctx.response(), e.status(), e.errors());
    }
  }

  private void sealStatus(RoutingContext ctx) {
    if (!ctx.request().method().equals(HttpMethod.GET)) {
      Envelope.error(ctx.response(), 405, List.of());
      return;
    }
    Envelope.json(ctx.response(), 200, health.sealStatus(engine.sealed()));
  }

  private void serve(RoutingContext ctx) {
    try {
      Engine.Outcome outcome = engine.handle(HttpRequests.from(ctx));
      Envelope.reply(ctx.response(), outcome);
    } catch (VaultError e) {
      Envelope.error(ctx.response(), e.status(), e.errors());
    } catch (RuntimeException e) {
      LOG.warn("devvault: {} {} failed: {}", ctx.request().method(), ctx.request().path(), e.toString());
      Envelope.error(ctx.response(), 500, List.of("internal error"));
    }
  }

  private void failure(RoutingContext ctx) {
    int status = ctx.statusCode();
    if (status == 413) {
      Envelope.error(ctx.response(), 413, List.of("http: request body too large"));
    } else if (status >= 400 && status < 500) {
      Envelope.error(ctx.response(), status, List.of());
    } else {
      LOG.warn("devvault: {} {} failed: {}", ctx.request().method(), ctx.request().path(), String.valueOf(ctx.failure()));
      Envelope.error(ctx.response(), 500, List.of("internal error"));
    }
  }
}
