package dev.transitsidecar.proxy;

import dev.transitsidecar.config.ListenConfig;
import dev.transitsidecar.http.GracefulStop;
import dev.transitsidecar.http.ServerTimeouts;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Serves the loopback API on TCP, on a Unix socket ({@code listen.unixSocket}, file mode 0660, through Vert.x's
 * native transport), or both: wires one request handler to the servers and holds no logic. With a socket configured,
 * {@code listen.port: 0} turns TCP off; without one, port 0 binds a free port (tests). Every listener has the idle
 * and header timeouts of {@link ServerTimeouts}, so slow or silent clients cannot hold its connections.
 */
public final class LoopbackVerticle extends VerticleBase {
  private static final String SOCKET_MODE = "rw-rw----";

  /**
   * Builds the servers' request handler, which counts its requests with {@code stop} ({@link GracefulStop#trackOn},
   * {@link GracefulStop#begin}) so that a stop drains them.
   */
  @FunctionalInterface
  public interface Requests {
    Handler<HttpServerRequest> build(Vertx vertx, GracefulStop stop);
  }

  private final Optional<HttpServerOptions> tcp;
  private final Optional<Path> unixSocket;
  private final ServerTimeouts timeouts;
  private final Requests requests;
  private final GracefulStop stop;
  private HttpServer server;

  /** TCP only, with these options (host and port) and timeouts, stopped by {@code stop}. */
  public LoopbackVerticle(HttpServerOptions options, ServerTimeouts timeouts, Requests requests, GracefulStop stop) {
    this(Optional.of(options), Optional.empty(), timeouts, requests, stop);
  }

  private LoopbackVerticle(Optional<HttpServerOptions> tcp, Optional<Path> unixSocket, ServerTimeouts timeouts,
      Requests requests, GracefulStop stop) {
    this.tcp = tcp.map(timeouts::applyTo);
    this.unixSocket = unixSocket;
    this.timeouts = timeouts;
    this.requests = requests;
    this.stop = stop;
  }

  /** The listeners {@code listen} asks for: TCP on address and port, and the Unix socket when one is set. */
  public static LoopbackVerticle forListen(ListenConfig listen, Requests requests) {
    return forListen(listen, requests, GracefulStop.never());
  }

  /** As {@link #forListen(ListenConfig, Requests)}, the listeners stopped by {@code stop}. */
  public static LoopbackVerticle forListen(ListenConfig listen, Requests requests, GracefulStop stop) {
    boolean tcpOff = listen.port() == 0 && listen.unixSocket().isPresent();
    Optional<HttpServerOptions> tcp = tcpOff ? Optional.empty() : Optional.of(new HttpServerOptions()
        .setHost(listen.address()).setPort(listen.port()));
    return new LoopbackVerticle(tcp, listen.unixSocket(), listen.timeouts(), requests, stop);
  }

  @Override
  public Future<?> start() {
    Handler<HttpServerRequest> handler = requests.build(vertx, stop);
    Future<?> onTcp = tcp.map(options -> listenTcp(handler, options)).orElse(Future.succeededFuture());
    Future<?> onSocket = unixSocket.map(path -> listenUnix(handler, path.toString())).orElse(Future.succeededFuture());
    return Future.all(onTcp, onSocket);
  }

  private Future<HttpServer> listenTcp(Handler<HttpServerRequest> handler, HttpServerOptions options) {
    return timeouts.serve(vertx, vertx.createHttpServer(options), handler, stop)
        .listen()
        .recover(e -> cannotListen(options.getHost() + ":" + options.getPort(), e))
        .onSuccess(s -> server = s)
        .onSuccess(stop::serving);
  }

  private Future<HttpServer> listenUnix(Handler<HttpServerRequest> handler, String path) {
    if (!vertx.isNativeTransportEnabled()) {
      return Future.failedFuture(new IllegalStateException("listen.unixSocket needs the native transport (epoll), "
          + "which is not available: " + vertx.unavailableNativeTransportCause()));
    }
    return removeStaleSocket(path)
        .compose(v -> timeouts.serve(vertx, vertx.createHttpServer(timeouts.applyTo(new HttpServerOptions())), handler,
            stop).listen(SocketAddress.domainSocketAddress(path)))
        .recover(e -> cannotListen(path, e))
        .onSuccess(stop::serving)
        .compose(s -> vertx.fileSystem().chmod(path, SOCKET_MODE).map(s));
  }

  /** A listener that could not bind (a port in use, a directory not writable): one line that names the address. */
  private static <T> Future<T> cannotListen(String address, Throwable failure) {
    return Future.failedFuture(new IllegalStateException("cannot listen on " + address + ": " + failure.getMessage()));
  }

  /** A socket left by an earlier run (the volume outlives the container) is removed; anything else is an error. */
  private Future<Void> removeStaleSocket(String path) {
    return vertx.fileSystem().exists(path)
        .compose(exists -> exists ? deleteIfSocket(path) : Future.succeededFuture());
  }

  private Future<Void> deleteIfSocket(String path) {
    return vertx.fileSystem().lprops(path)
        .compose(props -> props.isOther() ? vertx.fileSystem().delete(path) : Future.failedFuture(
            new IllegalStateException("listen.unixSocket: " + path + " exists and is not a socket")));
  }

  /** The TCP port actually bound (useful with port 0); -1 when TCP is off. */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
