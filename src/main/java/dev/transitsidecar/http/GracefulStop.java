package dev.transitsidecar.http;

import dev.transitsidecar.time.Cancellable;
import dev.transitsidecar.time.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The phases of stopping the HTTP servers of one process without losing a request (docs/reliability.md#shutdown):
 * <ol>
 *   <li>{@link Phase#SERVING}: until {@link #stop} (SIGTERM).</li>
 *   <li>{@link Phase#GRACE}, for {@code grace}: {@code /readyz} answers 503 ({@link #readiness()}), the background
 *   work the caller names stops, and every listener keeps accepting and serving as before, so clients that have not
 *   yet seen the pod leave their endpoints still get answers.</li>
 *   <li>{@link Phase#DRAINING}: the listeners close ({@link HttpServer#shutdown(long, TimeUnit)}: new connections are
 *   refused) and every request in flight finishes. A connection stays open after its listener closed: its answers
 *   from then on carry {@code Connection: close} and it is closed after the one in progress, or, when idle, after
 *   {@link #LINGER} (a request that arrives meanwhile is served, then it closes), so a request a client sent just
 *   before the listener closed never meets a closing socket, and no client is told to reconnect while the listener
 *   still accepts. The drain ends when every connection is closed, at most {@code drainLimit} after the listeners
 *   closed (then Vert.x closes what is left).</li>
 *   <li>{@link Phase#STOPPED}: the future of {@link #stop} completes with how many requests were drained, logged
 *   once.</li>
 * </ol>
 * A second {@link #stop} changes nothing: the stop under way continues, and no request that has its answer is cut.
 *
 * <p>Wiring: {@link ServerTimeouts#serve} hands every connection to {@link #connected}, and each server's router gets
 * {@link #trackOn} (a request answered without a router is counted with {@link #begin}); a server is stopped once
 * {@link #serving} was given it after it listened. Vert.x 5's own {@code HttpServer.shutdown} closes an idle HTTP/1.1
 * connection at once, so a request already on its way over it would be lost; {@link ShutdownHold} keeps Vert.x's
 * shutdown signal from the connections and this class closes them as described above (the listener close and the
 * time bound stay Vert.x's). Thread-safe: the servers' event loops, the scheduler's thread and the signal's thread
 * all call in.
 */
public final class GracefulStop {
  /** How long a connection that is idle when the listeners close may still bring one last request. */
  public static final Duration LINGER = Duration.ofMillis(200);
  private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);

  /** Where the stop is. */
  public enum Phase { SERVING, GRACE, DRAINING, STOPPED }

  /**
   * What the stop did.
   *
   * @param drained requests answered after the listeners closed (in flight then, or sent on a kept-alive
   *     connection afterwards)
   * @param cut requests that lost their connection before their answer after the listeners closed: still in flight
   *     when {@code drainLimit} ran out (Vert.x closed their connections), or left by their client
   * @param took from {@link #stop} to the end of the drain
   */
  public record Drained(long drained, int cut, Duration took) {}

  private final String name;
  private final Duration grace;
  private final Duration drainLimit;
  private final Scheduler scheduler;
  private final Clock clock;
  private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.SERVING);
  private final Map<HttpServer, Boolean> servers = new ConcurrentHashMap<>();
  private final Map<HttpConnection, Connection> connections = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LongAdder drained = new LongAdder();
  private final LongAdder cut = new LongAdder();
  private final Promise<Drained> done = Promise.promise();
  private volatile Instant began;

  /**
   * @param name what is stopping, for the log ({@code "the loopback API"}, {@code "the webhook"})
   * @param grace how long the listeners keep accepting after {@link #stop}
   * @param drainLimit how long requests in flight may take to finish once the listeners closed
   */
  public GracefulStop(String name, Duration grace, Duration drainLimit, Scheduler scheduler, Clock clock) {
    if (grace.isNegative() || drainLimit.compareTo(LINGER) < 0) {
      throw new IllegalArgumentException("grace >= 0 and drainLimit >= " + LINGER.toMillis() + " ms");
    }
    this.name = name;
    this.grace = grace;
    this.drainLimit = drainLimit;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  /** For servers that are never stopped gracefully (tests that close Vert.x): stays {@link Phase#SERVING}. */
  public static GracefulStop never() {
    return new GracefulStop("nothing", Duration.ZERO, LINGER, (delay, task) -> () -> { }, Clock.systemUTC());
  }

  public Phase phase() {
    return phase.get();
  }

  /** Not ready from the moment the stop begins. */
  public ReadinessCheck readiness() {
    return () -> phase.get() == Phase.SERVING ? Optional.empty() : Optional.of("shutting down");
  }

  /** A server that now listens, to be shut down when the grace ends. */
  public void serving(HttpServer server) {
    servers.put(server, Boolean.TRUE);
  }

  /** Counts every request {@code router} takes and closes its connection after the answer once draining. */
  public void trackOn(Router router) {
    router.route().order(Integer.MIN_VALUE).handler(this::track);
  }

  /** {@code router}, after {@link #trackOn}. */
  public Router tracked(Router router) {
    trackOn(router);
    return router;
  }

  /**
   * A new connection: Vert.x's shutdown signal is kept from it ({@link ShutdownHold}); when the signal comes (its
   * server's listener has closed), the connection is closed after the answer in progress, if any, or after
   * {@link #LINGER} if it stays idle, and every answer on it carries {@code Connection: close}.
   */
  void connected(HttpConnection connection) {
    Connection state = new Connection();
    connections.put(connection, state);
    ShutdownHold.install(connection, () -> listenerClosed(connection, state));
  }

  void disconnected(HttpConnection connection) {
    Connection state = connections.remove(connection);
    if (state != null) {
      state.linger.cancel();
    }
  }

  /** True once every open connection has learnt that its listener closed (tests wait for it). */
  boolean everyConnectionClosing() {
    return connections.values().stream().allMatch(c -> c.closing);
  }

  /** One connection's requests in flight, and whether its listener has closed. */
  private static final class Connection {
    final AtomicInteger busy = new AtomicInteger();
    volatile boolean closing;
    volatile Cancellable linger = () -> { };
  }

  /**
   * The linger's check runs on the connection's event loop: from the scheduler's thread, a request read just after
   * the check found the connection idle would have its connection closed under it.
   */
  private void listenerClosed(HttpConnection connection, Connection state) {
    state.linger = scheduler.schedule(LINGER, () -> ShutdownHold.onEventLoop(connection, () -> {
      if (state.busy.get() == 0 && connections.containsKey(connection)) {
        connection.close();
      }
    }));
    state.closing = true;
  }

  private void track(RoutingContext ctx) {
    Request request = begin(ctx.request());
    ctx.addHeadersEndHandler(v -> request.headersEnding(ctx.response()));
    ctx.addEndHandler(result -> {
      if (result.succeeded()) {
        request.ended();
      } else {
        request.lost();
      }
    });
    ctx.next();
  }

  /**
   * Counts a request served without a router (a router gets {@link #trackOn}): the caller hands the answer's headers
   * to {@link Request#headersEnding} and calls {@link Request#ended} when the answer is written, {@link Request#lost}
   * when its connection is lost first.
   */
  public Request begin(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    Connection known = connection == null ? null : connections.get(connection);
    Connection state = known == null ? new Connection() : known;
    inFlight.incrementAndGet();
    state.busy.incrementAndGet();
    return new Request(connection, state);
  }

  /** One request in flight, counted until {@link #ended} or {@link #lost} (further calls change nothing). */
  public final class Request {
    private final HttpConnection connection;
    private final Connection state;
    private final AtomicBoolean over = new AtomicBoolean();

    private Request(HttpConnection connection, Connection state) {
      this.connection = connection;
      this.state = state;
    }

    /** Before the answer's headers are written: {@code Connection: close} once the listener has closed. */
    public void headersEnding(HttpServerResponse response) {
      if (state.closing) {
        response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
      }
    }

    /** The answer is written: counted, and the connection closed if it is closing. */
    public void ended() {
      over(drained);
    }

    /** The connection is gone before the answer: counted as cut if the listeners had closed. */
    public void lost() {
      over(cut);
    }

    private void over(LongAdder outcome) {
      if (!over.compareAndSet(false, true)) {
        return;
      }
      inFlight.decrementAndGet();
      int left = state.busy.decrementAndGet();
      if (phase.get().compareTo(Phase.DRAINING) >= 0) {
        outcome.increment();
      }
      if (state.closing && left == 0 && connection != null) {
        connection.close();
      }
    }
  }

  /**
   * Begins the stop: not ready at once, {@code atGraceStart} run (background work stops), the listeners closed after
   * the grace, and the requests in flight drained. A second call returns the same future and changes nothing.
   */
  public Future<Drained> stop(Runnable atGraceStart) {
    if (!phase.compareAndSet(Phase.SERVING, Phase.GRACE)) {
      LOG.info("asked to stop again: the stop under way continues, requests in flight still finish");
      return done.future();
    }
    began = clock.instant();
    LOG.info("stopping: /readyz answers 503; {} keeps serving for {} ms, then stops accepting and finishes "
        + "the requests in flight (at most {} ms)", name, grace.toMillis(), drainLimit.toMillis());
    try {
      atGraceStart.run();
    } finally {
      scheduler.schedule(grace, this::closeListeners);
    }
    return done.future();
  }

  private void closeListeners() {
    if (!phase.compareAndSet(Phase.GRACE, Phase.DRAINING)) {
      return;
    }
    int atClose = inFlight.get();
    LOG.info("{} stops accepting: {} requests in flight", name, atClose);
    List<Future<Void>> shutdowns = servers.keySet().stream()
        .map(server -> server.shutdown(drainLimit.toMillis(), TimeUnit.MILLISECONDS))
        .toList();
    Future.join(shutdowns).onComplete(all -> finish());
  }

  private void finish() {
    if (!phase.compareAndSet(Phase.DRAINING, Phase.STOPPED)) {
      return;
    }
    connections.values().forEach(state -> state.linger.cancel());
    Drained result = new Drained(drained.sum(), (int) cut.sum() + inFlight.get(),
        Duration.between(began, clock.instant()));
    if (result.cut() > 0) {
      LOG.warn("{} stopped: {} requests drained, {} cut (their connections closed before the answer: still in "
          + "flight after {} ms, or left by the client)", name, result.drained(), result.cut(), drainLimit.toMillis());
    } else {
      LOG.info("{} stopped: {} requests drained, {} ms after the stop began", name, result.drained(),
          result.took().toMillis());
    }
    done.complete(result);
  }
}
