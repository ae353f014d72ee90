package dev.transitsidecar.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The header deadline of each connection of one server (Vert.x has no header timeout of its own). A connection gets
 * a timer when it opens ({@link ServerTimeouts#header()}); when a request's headers have arrived the timer is set
 * again, to {@link ServerTimeouts#idle()}, for the next request on the same connection. A timer that fires closes
 * the connection. Only public Vert.x API: the connection handler and the request handler, both on the server's
 * context.
 */
final class HeaderDeadlines {
  private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadlines.class);

  private final Vertx vertx;
  private final ServerTimeouts timeouts;
  private final Map<HttpConnection, Long> timers = new ConcurrentHashMap<>();

  HeaderDeadlines(Vertx vertx, ServerTimeouts timeouts) {
    this.vertx = vertx;
    this.timeouts = timeouts;
  }

  void connected(HttpConnection connection) {
    arm(connection, timeouts.header().toMillis());
  }

  void closed(HttpConnection connection) {
    cancel(connection);
  }

  void requestStarted(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    if (connection != null && timers.containsKey(connection)) {
      arm(connection, timeouts.idle().toMillis());
    }
  }

  private void arm(HttpConnection connection, long delayMillis) {
    long timer = vertx.setTimer(delayMillis, id -> expire(connection, id));
    Long previous = timers.put(connection, timer);
    if (previous != null) {
      vertx.cancelTimer(previous);
    }
  }

  private void expire(HttpConnection connection, long timer) {
    if (timers.remove(connection, timer)) {
      LOG.debug("closing a connection from {}: no complete request headers in time", connection.remoteAddress());
      connection.close();
    }
  }

  private void cancel(HttpConnection connection) {
    Long timer = timers.remove(connection);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }
}
