package dev.transitsidecar.inject;

import dev.transitsidecar.http.GracefulStop;
import dev.transitsidecar.http.ServerTimeouts;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.function.Function;

/**
 * Serves the webhook's routes over HTTPS only, with the certificate it is given and the idle, header and TLS
 * handshake timeouts of {@link ServerTimeouts} (the API server is not its only possible client: anything in the
 * cluster network can connect); wires, holds no logic.
 */
final class WebhookVerticle extends VerticleBase {
  private final int port;
  private final TlsMaterial tls;
  private final ServerTimeouts timeouts;
  private final Function<Vertx, Router> routes;
  private final GracefulStop stop;
  private volatile HttpServer server;

  /** {@code port} 0 binds a free port (tests). */
  WebhookVerticle(int port, TlsMaterial tls, ServerTimeouts timeouts, Function<Vertx, Router> routes,
      GracefulStop stop) {
    this.port = port;
    this.tls = tls;
    this.timeouts = timeouts;
    this.routes = routes;
    this.stop = stop;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = timeouts.applyTo(new HttpServerOptions()
        .setPort(port)
        .setSsl(true)
        .setKeyCertOptions(tls.keyCertOptions()));
    Router router = routes.apply(vertx);
    stop.trackOn(router);
    return timeouts.serve(vertx, vertx.createHttpServer(options), router, stop)
        .listen()
        .onSuccess(s -> server = s)
        .onSuccess(stop::serving);
  }

  /** The server, once started: the certificate reloader updates its TLS options. */
  HttpServer server() {
    return server;
  }
}
