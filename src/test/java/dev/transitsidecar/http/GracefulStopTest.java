package dev.transitsidecar.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.transitsidecar.testing.FakeClock;
import dev.transitsidecar.testing.FakeScheduler;
import dev.transitsidecar.testing.Http;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The phases of a graceful stop against a real Vert.x server and raw HTTP/1.1 connections, with the grace and the
 * linger on a fake clock: not ready at once, serving through the grace, the listener closed after it, the requests
 * in flight finished, a kept-alive connection's next request answered with {@code Connection: close}, an idle
 * connection closed after the linger, and one log line with the count. The waits below poll for what the server
 * does on its own threads (a listener closing), with a deadline; none sleeps for a result.
 */
class GracefulStopTest {
  private static final Duration GRACE = Duration.ofSeconds(5);
  private static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);

  private final FakeClock clock = new FakeClock();
  private final FakeScheduler scheduler = new FakeScheduler(clock);
  private final ConcurrentLinkedQueue<Promise<Void>> held = new ConcurrentLinkedQueue<>();
  private final AtomicInteger backgroundStops = new AtomicInteger();
  private Vertx vertx;
  private GracefulStop stop;
  private int port;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    stop = new GracefulStop("the test server", GRACE, DRAIN_LIMIT, scheduler, clock);
    Router router = Router.router(vertx);
    router.get("/fast").handler(ctx -> ctx.response().end("fast"));
    router.get("/slow").handler(ctx -> {
      Promise<Void> release = Promise.promise();
      held.add(release);
      release.future().onComplete(v -> ctx.response().end("slow"));
    });
    stop.trackOn(router);
    HttpServer server = ServerTimeouts.DEFAULTS.serve(vertx,
        vertx.createHttpServer(ServerTimeouts.DEFAULTS.applyTo(new HttpServerOptions())), router, stop);
    server.listen(0, "127.0.0.1").await();
    stop.serving(server);
    port = server.actualPort();
  }

  @AfterEach
  void close() {
    held.forEach(Promise::tryComplete);
    vertx.close().await();
  }

  @Test
  void stop_notReadyAtOnce_backgroundStopsOnce_andTheListenerKeepsServingThroughTheGrace() throws IOException {
    assertThat(stop.readiness().notReadyReason()).isEmpty();

    stop.stop(backgroundStops::incrementAndGet);

    assertThat(stop.readiness().notReadyReason()).contains("shutting down");
    assertThat(stop.phase()).isEqualTo(GracefulStop.Phase.GRACE);
    assertThat(backgroundStops).hasValue(1);
    scheduler.advance(GRACE.minusMillis(1));
    try (Socket fresh = connect()) {
      Response answer = get(fresh, "/fast");
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.headers()).doesNotContainKey("connection");
    }
    assertThat(stop.phase()).isEqualTo(GracefulStop.Phase.GRACE);
  }

  @Test
  void afterTheGrace_newConnectionsAreRefused_theRequestInFlightFinishes_andTheCountIsReported() throws Exception {
    try (Socket busy = connect()) {
      send(busy, "/slow");
      awaitHeld(1);
      Future<GracefulStop.Drained> done = stop.stop(() -> { });

      scheduler.advance(GRACE);

      assertThat(stop.phase()).isEqualTo(GracefulStop.Phase.DRAINING);
      awaitRefused();
      awaitEveryConnectionClosing();
      held.poll().complete();
      Response answer = read(busy);
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo("slow");
      assertThat(answer.headers()).containsEntry("connection", "close");
      assertThat(busy.getInputStream().read()).as("closed after the answer").isEqualTo(-1);
      GracefulStop.Drained drained = done.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(drained).isEqualTo(new GracefulStop.Drained(1, 0, GRACE));
      assertThat(stop.phase()).isEqualTo(GracefulStop.Phase.STOPPED);
    }
  }

  @Test
  void keptAliveConnection_itsNextRequestAfterTheListenerClosed_isServedWithConnectionClose() throws Exception {
    try (Socket keptAlive = connect(); Socket busy = connect()) {
      assertThat(get(keptAlive, "/fast").headers()).doesNotContainKey("connection");
      send(busy, "/slow");
      awaitHeld(1);
      Future<GracefulStop.Drained> done = stop.stop(() -> { });
      scheduler.advance(GRACE);
      awaitRefused();
      awaitEveryConnectionClosing();

      Response last = get(keptAlive, "/fast");

      assertThat(last.status()).isEqualTo(200);
      assertThat(last.body()).isEqualTo("fast");
      assertThat(last.headers()).containsEntry("connection", "close");
      assertThat(keptAlive.getInputStream().read()).isEqualTo(-1);
      held.poll().complete();
      assertThat(read(busy).status()).isEqualTo(200);
      assertThat(done.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).drained()).isEqualTo(2);
    }
  }

  @Test
  void idleConnection_isClosedOnlyAfterTheLinger() throws Exception {
    try (Socket idle = connect()) {
      get(idle, "/fast");
      Future<GracefulStop.Drained> done = stop.stop(() -> { });
      scheduler.advance(GRACE);
      awaitRefused();
      awaitEveryConnectionClosing();
      assertThat(done.isComplete()).as("the idle connection is still open").isFalse();

      scheduler.advance(GracefulStop.LINGER);

      assertThat(idle.getInputStream().read()).isEqualTo(-1);
      assertThat(done.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
          .isEqualTo(new GracefulStop.Drained(0, 0, GRACE.plus(GracefulStop.LINGER)));
    }
  }

  @Test
  void secondStop_changesNothing_andTheRequestInFlightStillFinishes() throws Exception {
    try (Socket busy = connect()) {
      send(busy, "/slow");
      awaitHeld(1);
      Future<GracefulStop.Drained> first = stop.stop(backgroundStops::incrementAndGet);
      scheduler.advance(Duration.ofSeconds(1));

      Future<GracefulStop.Drained> second = stop.stop(backgroundStops::incrementAndGet);

      assertThat(second).isSameAs(first);
      assertThat(backgroundStops).hasValue(1);
      assertThat(stop.phase()).isEqualTo(GracefulStop.Phase.GRACE);
      scheduler.advance(GRACE);
      awaitRefused();
      awaitEveryConnectionClosing();
      held.poll().complete();
      assertThat(read(busy).status()).isEqualTo(200);
      assertThat(first.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).cut()).isZero();
    }
  }

  @Test
  void zeroGrace_closesTheListenerAtOnce() throws Exception {
    // A Vert.x of its own: servers of one Vert.x that listen on port 0 of the same host share one listener.
    Vertx own = Vertx.vertx();
    try {
      GracefulStop now = new GracefulStop("now", Duration.ZERO, DRAIN_LIMIT, scheduler, clock);
      HttpServer server = ServerTimeouts.DEFAULTS.serve(own, own.createHttpServer(), Router.router(own), now)
          .listen(0, "127.0.0.1").await();
      now.serving(server);

      Future<GracefulStop.Drained> done = now.stop(() -> { });
      scheduler.advance(Duration.ZERO);

      assertThat(done.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).drained()).isZero();
      // The listening socket is closed on its event loop, a moment after the shutdown's future completes.
      Http.eventually(Duration.ofSeconds(5), () -> catchThrowable(() -> new Socket("127.0.0.1", server.actualPort())
          .close()) instanceof ConnectException);
    } finally {
      own.close().await();
    }
  }

  @Test
  void clientLeavesDuringTheDrain_itsRequestIsReportedCut_notDrained() throws Exception {
    Socket leaving = connect();
    send(leaving, "/slow");
    awaitHeld(1);
    Future<GracefulStop.Drained> done = stop.stop(() -> { });
    scheduler.advance(GRACE);
    awaitEveryConnectionClosing();

    leaving.close();

    GracefulStop.Drained result = done.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(result.drained()).isZero();
    assertThat(result.cut()).isEqualTo(1);
  }

  @Test
  void drainLimitRunsOut_theRequestStillInFlightIsReportedCut_notDrained() throws Exception {
    Vertx own = Vertx.vertx();
    try {
      GracefulStop limited = new GracefulStop("limited", Duration.ZERO, Duration.ofMillis(300), scheduler, clock);
      Router router = Router.router(own);
      router.get("/never").handler(ctx -> held.add(Promise.promise()));
      limited.trackOn(router);
      HttpServer server = ServerTimeouts.DEFAULTS.serve(own, own.createHttpServer(), router, limited)
          .listen(0, "127.0.0.1").await();
      limited.serving(server);
      try (Socket waiting = new Socket("127.0.0.1", server.actualPort())) {
        send(waiting, "/never");
        awaitHeld(1);

        Future<GracefulStop.Drained> done = limited.stop(() -> { });
        scheduler.advance(Duration.ZERO);

        GracefulStop.Drained result = done.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(result.drained()).isZero();
        assertThat(result.cut()).isEqualTo(1);
      }
    } finally {
      own.close().await();
    }
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** The listener closes on Vert.x's threads: new connections are refused soon after (each probe is closed again). */
  private void awaitRefused() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      } catch (ConnectException refused) {
        return;
      } catch (IOException closing) {
        // accepted just as the listener closed, then reset: it is closing, not yet closed
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("the listener still accepts connections");
  }

  /** Each connection learns on its own event loop, a moment after the listener closed, that it did. */
  private void awaitEveryConnectionClosing() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!stop.everyConnectionClosing() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(stop.everyConnectionClosing()).isTrue();
  }

  private void awaitHeld(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (held.size() < count && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(held).hasSize(count);
  }

  private record Response(int status, Map<String, String> headers, String body) {}

  private static Response get(Socket socket, String path) throws IOException {
    send(socket, path);
    return read(socket);
  }

  private static void send(Socket socket, String path) throws IOException {
    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  private static Response read(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    String statusLine = line(in);
    Map<String, String> headers = new HashMap<>();
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
    }
    int length = Integer.parseInt(Optional.ofNullable(headers.get("content-length")).orElse("0"));
    String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
    return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers, body);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b == -1) {
        throw new IOException("connection closed before a complete response");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }
}
