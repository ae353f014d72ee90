package dev.transitsidecar.inject;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.function.Function;

/** Serves the webhook's routes over HTTPS only, with the certificate it is given; wires, holds no logic. */
final class WebhookVerticle extends VerticleBase {
  private static final int IDLE_TIMEOUT_SECONDS = 120;

  private final int port;
  private final TlsMaterial tls;
  private final Function<Vertx, Router> routes;
  private volatile HttpServer server;

  /** {@code port} 0 binds a free port (tests). */
  WebhookVerticle(int port, TlsMaterial tls, Function<Vertx, Router> routes) {
    this.port = port;
    this.tls = tls;
    this.routes = routes;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setPort(port)
        .setSsl(true)
        .setKeyCertOptions(tls.keyCertOptions())
        .setIdleTimeout(IDLE_TIMEOUT_SECONDS);
    return vertx.createHttpServer(options)
        .requestHandler(routes.apply(vertx))
        .listen()
        .onSuccess(s -> server = s);
  }

  /** The server, once started: the certificate reloader updates its TLS options. */
  HttpServer server() {
    return server;
  }
}
