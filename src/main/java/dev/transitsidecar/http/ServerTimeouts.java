package dev.transitsidecar.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How long the HTTP servers we run (the loopback API, the probe listener, the webhook) wait for a client, so that
 * slow or silent clients cannot hold connections for ever (slowloris):
 * <ul>
 *   <li>{@code idle}: a connection on which nothing is read or written for this long is closed (Vert.x's idle
 *   timeout);</li>
 *   <li>{@code header}: a new connection must deliver the complete headers of its first request within this time
 *   (and a TLS handshake must finish within it); a client that sends its headers a byte a second is cut. Each later
 *   request on a kept-alive connection must have its headers complete within {@code idle} of the previous request's
 *   start ({@link HeaderDeadlines}).</li>
 * </ul>
 * Vault's own listener has the same two limits ({@code http_idle_timeout}, {@code http_read_header_timeout}).
 * HTTP/2 over cleartext (h2c) is off: Vault clients speak HTTP/1.1 to {@code http://}, and with h2c on Vert.x
 * creates a connection only once it has seen enough bytes to tell the protocols apart, so a silent or slow client
 * would never reach the header deadline.
 */
public record ServerTimeouts(Duration idle, Duration header) {
  public static final Duration DEFAULT_IDLE = Duration.ofSeconds(120);
  public static final Duration DEFAULT_HEADER = Duration.ofSeconds(10);
  public static final ServerTimeouts DEFAULTS = new ServerTimeouts(DEFAULT_IDLE, DEFAULT_HEADER);

  public ServerTimeouts {
    if (!idle.isPositive() || !header.isPositive()) {
      throw new IllegalArgumentException("server timeouts must be more than zero");
    }
  }

  /** The options with the idle timeout and the TLS handshake timeout set. */
  public HttpServerOptions applyTo(HttpServerOptions options) {
    return options
        .setHttp2ClearTextEnabled(false)
        .setIdleTimeout((int) Math.min(idle.toMillis(), Integer.MAX_VALUE))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setSslHandshakeTimeout(header.toMillis())
        .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
  }

  /**
   * Serves {@code requests} on {@code server} with the header deadlines, hands every connection to {@code stop}, and
   * answers requests the codec could not parse in Vault's shape ({@link InvalidRequests}): call it instead of
   * {@code server.requestHandler(requests)}, before {@code listen}.
   */
  public HttpServer serve(Vertx vertx, HttpServer server, Handler<HttpServerRequest> requests, GracefulStop stop) {
    HeaderDeadlines deadlines = new HeaderDeadlines(vertx, this);
    return server
        .connectionHandler(connection -> {
          deadlines.connected(connection);
          stop.connected(connection);
          connection.closeHandler(v -> {
            deadlines.closed(connection);
            stop.disconnected(connection);
          });
        })
        .invalidRequestHandler(InvalidRequests::answer)
        .requestHandler(request -> {
          deadlines.requestStarted(request);
          requests.handle(request);
        });
  }
}
