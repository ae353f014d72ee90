package dev.transitsidecar.reliability;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * A load generator for the sidecar's loopback API: a fixed number of clients per class of request, each in a loop
 * (send, wait for the answer or the deadline, pause, send again). Every request ends in exactly one {@link Result}:
 * a request that gets no answer within the deadline is counted as hung, never waited for longer.
 */
final class MixedLoad implements AutoCloseable {
  /** A class of request: its route and its n-th request. */
  record Kind(String name, String path, IntFunction<Probe> request) {}

  /** A request's body and what a fully good answer to it looks like. */
  record Probe(JsonObject body, Predicate<JsonObject> good) {}

  enum Outcome { OK, UPSTREAM_ERROR, CLIENT_ERROR, OTHER, HUNG }

  /**
   * One request.
   *
   * @param sent when it was sent, nanoTime
   * @param done when its answer (or its deadline) came, nanoTime
   * @param detail the status and, for an error, Vault's first message (never a body that could hold a secret)
   */
  record Result(Kind kind, long sent, long done, Outcome outcome, int status, String detail) {
    Duration latency() {
      return Duration.ofNanos(done - sent);
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient client;
  private final int port;
  private final Duration deadline;
  private final Duration pause;
  private final ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
  private final List<Future<Void>> loops = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Context context = vertx.getOrCreateContext();
  private volatile boolean running;

  MixedLoad(int port, int connections, Duration deadline, Duration pause) {
    this.port = port;
    this.deadline = deadline;
    this.pause = pause;
    // Keep-alive shorter than any idle timeout the sidecar may have, so a pooled connection is never reused just as
    // the server closes it (that would be the client's failure, not the sidecar's).
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAliveTimeout(2),
        new PoolOptions().setHttp1MaxSize(connections));
  }

  /** Starts {@code clientsPerKind} loops for each kind. */
  void start(List<Kind> kinds, int clientsPerKind) {
    running = true;
    for (Kind kind : kinds) {
      for (int i = 0; i < clientsPerKind; i++) {
        Promise<Void> done = Promise.promise();
        int first = i * 1_000_000;
        context.runOnContext(v -> loop(kind, first, done));
        loops.add(done.future());
      }
    }
  }

  /** Stops sending and waits for every request in flight to end (each is bounded by the deadline). */
  List<Result> stop() {
    running = false;
    List<Future<Void>> all;
    synchronized (loops) {
      all = List.copyOf(loops);
    }
    Future.join(all).toCompletionStage().toCompletableFuture().orTimeout(deadline.toMillis() + 10_000,
        TimeUnit.MILLISECONDS).join();
    return List.copyOf(results);
  }

  /**
   * Open-loop probes for measuring recovery: one request of each kind every {@code interval} for {@code duration},
   * whatever the loops are waiting for; their results join the others. Returns when the last one has been sent.
   */
  void probe(List<Kind> kinds, Duration interval, Duration duration) {
    long until = System.nanoTime() + duration.toNanos();
    int n = 2_000_000_000;
    while (System.nanoTime() < until) {
      for (Kind kind : kinds) {
        loops.add(onContext(kind, n++));
      }
      java.util.concurrent.locks.LockSupport.parkNanos(interval.toNanos());
    }
  }

  /**
   * Open loop at a fixed rate: {@code perSecond} requests a second in 10 ms steps, the kinds in turn, for
   * {@code duration}, whatever the answers do; {@code tick} runs between steps (on this thread). Returns when the last
   * one has been sent; only requests still in flight are kept track of, so a long run holds no growing list.
   */
  void atRate(List<Kind> kinds, int perSecond, Duration duration, Runnable tick) {
    running = true;
    long step = TimeUnit.MILLISECONDS.toNanos(10);
    long start = System.nanoTime();
    long sent = 0;
    for (long next = start; next < start + duration.toNanos(); next += step) {
      long due = (next - start + step) * perSecond / TimeUnit.SECONDS.toNanos(1);
      for (; sent < due; sent++) {
        loops.add(onContext(kinds.get((int) (sent % kinds.size())), (int) (sent / kinds.size())));
      }
      loops.removeIf(Future::isComplete);
      tick.run();
      java.util.concurrent.locks.LockSupport.parkNanos(Math.max(0, next + step - System.nanoTime()));
    }
  }

  /**
   * {@link #once} on the client's own event loop. Sent from another thread, a fast answer could arrive before the
   * body handler is set from that thread, and the request would wait for a body that was already gone.
   */
  private Future<Void> onContext(Kind kind, int n) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> once(kind, n).onComplete(done));
    return done.future();
  }

  /** Request after request until stopped; not a chain of futures, so a long run does not build one up. */
  private void loop(Kind kind, int n, Promise<Void> done) {
    if (!running) {
      done.complete();
      return;
    }
    once(kind, n)
        .compose(v -> vertx.timer(pause.toMillis(), TimeUnit.MILLISECONDS))
        .onComplete(v -> loop(kind, n + 1, done));
  }

  /** One request; always succeeds, after recording its result. */
  Future<Void> once(Kind kind, int n) {
    long sent = System.nanoTime();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
        .setURI(kind.path()).putHeader("X-Vault-Request", "true").putHeader("Content-Type", "application/json");
    Probe probe = kind.request().apply(n);
    return client.request(options)
        .compose(request -> request.send(probe.body().toBuffer()))
        .compose(response -> response.body().map(body -> classify(kind, probe, sent, response, body)))
        .timeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .otherwise(failure -> failure instanceof java.util.concurrent.TimeoutException
            ? new Result(kind, sent, System.nanoTime(), Outcome.HUNG, 0, "no answer within " + deadline)
            : new Result(kind, sent, System.nanoTime(), Outcome.OTHER, 0, failure.getClass().getSimpleName()))
        .map(result -> {
          results.add(result);
          return null;
        });
  }

  private static Result classify(Kind kind, Probe probe, long sent, HttpClientResponse response, Buffer body) {
    long done = System.nanoTime();
    int status = response.statusCode();
    JsonObject json = parse(body);
    if (status == 200) {
      boolean good = json != null && probe.good().test(json);
      return new Result(kind, sent, done, good ? Outcome.OK : Outcome.OTHER, status, good ? "" : "200, not as expected");
    }
    String firstError = vaultShaped(response, json);
    if (firstError == null) {
      return new Result(kind, sent, done, Outcome.OTHER, status, status + ", not Vault's error shape");
    }
    Outcome outcome = status == 502 || status == 503 || status == 504 ? Outcome.UPSTREAM_ERROR
        : status >= 400 && status < 500 ? Outcome.CLIENT_ERROR : Outcome.OTHER;
    return new Result(kind, sent, done, outcome, status, status + " " + firstError);
  }

  /** The first message of a {@code {"errors":["..."]}} body served as JSON, or null when it is not that. */
  private static String vaultShaped(HttpClientResponse response, JsonObject json) {
    String type = response.getHeader("Content-Type");
    if (json == null || type == null || !type.startsWith("application/json") || json.size() != 1) {
      return null;
    }
    JsonArray errors = json.getValue("errors") instanceof JsonArray a ? a : null;
    if (errors == null || errors.isEmpty() || !(errors.getValue(0) instanceof String first) || first.isBlank()) {
      return null;
    }
    return first;
  }

  private static JsonObject parse(Buffer body) {
    try {
      return new JsonObject(body);
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public void close() {
    running = false;
    vertx.close().await();
  }
}
