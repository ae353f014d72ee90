package dev.transitsidecar.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The header deadline of each connection of one server (Vert.x has no header timeout of its own). A connection gets
 * a timer when it opens ({@link ServerTimeouts#header()}); once a request's headers have arrived, the deadline for
 * the next request on the same connection is {@link ServerTimeouts#idle()} after that request's start. A request only
 * notes when it started: the timer, when it fires, sets itself again for the rest of the time if a request started
 * since it was set, and otherwise closes the connection (one timer per deadline, not one per request). Only public
 * Vert.x API: the connection handler, the request handler and the timers, all on the connection's event loop; the
 * server's connection handler calls {@link #closed} when a connection closes.
 */
final class HeaderDeadlines {
  private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadlines.class);

  private final Vertx vertx;
  private final long headerMillis;
  private final long idleNanos;
  private final Map<HttpConnection, Deadline> deadlines = new ConcurrentHashMap<>();

  /** One connection's timer, and whether (and when) a request started since the timer was set. */
  private static final class Deadline {
    long timer;
    boolean requestSinceArmed;
    long requestStart;
  }

  HeaderDeadlines(Vertx vertx, ServerTimeouts timeouts) {
    this.vertx = vertx;
    this.headerMillis = timeouts.header().toMillis();
    this.idleNanos = timeouts.idle().toNanos();
  }

  void connected(HttpConnection connection) {
    Deadline deadline = new Deadline();
    deadlines.put(connection, deadline);
    arm(connection, deadline, headerMillis);
  }

  void closed(HttpConnection connection) {
    cancel(connection);
  }

  void requestStarted(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    Deadline deadline = connection == null ? null : deadlines.get(connection);
    if (deadline != null) {
      deadline.requestStart = System.nanoTime();
      deadline.requestSinceArmed = true;
    }
  }

  private void arm(HttpConnection connection, Deadline deadline, long delayMillis) {
    deadline.requestSinceArmed = false;
    deadline.timer = vertx.setTimer(Math.max(1, delayMillis), id -> expire(connection, deadline));
  }

  private void expire(HttpConnection connection, Deadline deadline) {
    if (deadlines.get(connection) != deadline) {
      return;
    }
    if (deadline.requestSinceArmed) {
      long left = deadline.requestStart + idleNanos - System.nanoTime();
      if (left > 0) {
        arm(connection, deadline, TimeUnit.NANOSECONDS.toMillis(left + 999_999));
        return;
      }
    }
    if (deadlines.remove(connection, deadline)) {
      LOG.debug("closing a connection from {}: no complete request headers in time", connection.remoteAddress());
      connection.close();
    }
  }

  private void cancel(HttpConnection connection) {
    Deadline deadline = deadlines.remove(connection);
    if (deadline != null) {
      vertx.cancelTimer(deadline.timer);
    }
  }
}
