package dev.transitsidecar.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The webhook's latency at a fixed arrival rate, for {@code bench/run}'s webhook scenario (wrk is closed loop and
 * cannot hold a rate). Open loop: request i of a phase is due at start + i / rate and its latency counts from then,
 * so a stall is not hidden by the client waiting. HTTPS with keep-alive (at most 32 connections), trusting only the
 * given CA and checking the certificate's name. A warm-up phase, then the measured one. A failure is an answer
 * other than 200 with {@code allowed: true} and a patch, or no answer within 10 s. NOT run by the build.
 *
 * <p>Usage: {@code WebhookLoad PORT CA_FILE REVIEW_FILE RATE WARMUP_SECONDS SECONDS} (the review is the body of every
 * {@code POST /mutate}; {@code WebhookBenchFiles} writes one). Prints one line for the measured phase,
 * {@code RESULT requests=N failures=N p50_us=N p99_us=N max_us=N}, the percentiles over the answered requests.
 */
public final class WebhookLoad {
  private static final long TIMEOUT_MS = 10_000;

  private WebhookLoad() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 6 || !args[0].matches("[0-9]{1,5}")
        || !Arrays.stream(args, 3, 6).allMatch(n -> n.matches("[0-9]{1,6}")) || Integer.parseInt(args[3]) == 0) {
      System.err.println("usage: WebhookLoad PORT CA_FILE REVIEW_FILE RATE WARMUP_SECONDS SECONDS"
          + " (whole numbers; RATE at least 1)");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    Buffer body = Buffer.buffer(Files.readAllBytes(Path.of(args[2])));
    int rate = Integer.parseInt(args[3]);
    Vertx vertx = Vertx.vertx();
    try {
      HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl(true)
          .setTrustOptions(new PemTrustOptions().addCertPath(args[1])), new PoolOptions().setHttp1MaxSize(32));
      run(vertx, client, port, body, rate, Integer.parseInt(args[4]));
      System.out.println(result(run(vertx, client, port, body, rate, Integer.parseInt(args[5]))));
    } catch (IllegalStateException e) {
      System.err.println("WebhookLoad: " + e.getMessage());
      System.exit(1);
    } finally {
      vertx.close().await();
    }
  }

  /** Sends rate * seconds reviews on schedule; each latency in microseconds from its due time, -1 for a failure. */
  private static long[] run(Vertx vertx, HttpClient client, int port, Buffer body, int rate, int seconds)
      throws InterruptedException {
    int total = rate * seconds;
    long[] latencies = new long[total];
    CountDownLatch done = new CountDownLatch(total);
    AtomicInteger sent = new AtomicInteger();
    long start = System.nanoTime();
    long intervalNanos = 1_000_000_000L / rate;
    // Set from the event loop, so that the first tick cannot run (and cancel the timer) before setPeriodic returned.
    vertx.runOnContext(ignored -> vertx.setPeriodic(1, timer -> {
      long due = (System.nanoTime() - start) / intervalNanos;
      while (sent.get() <= due && sent.get() < total) {
        int i = sent.getAndIncrement();
        long dueAt = start + i * intervalNanos;
        send(client, port, body).onComplete(r -> {
          latencies[i] = r.succeeded() ? (System.nanoTime() - dueAt) / 1000 : -1;
          done.countDown();
        });
      }
      if (sent.get() >= total) {
        vertx.cancelTimer(timer);
      }
    }));
    if (!done.await(seconds + 60L, TimeUnit.SECONDS)) {
      throw new IllegalStateException(done.getCount() + " of " + total + " requests unanswered after "
          + (seconds + 60) + " s");
    }
    return latencies;
  }

  private static Future<Void> send(HttpClient client, int port, Buffer body) {
    return client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
            .setURI("/mutate").putHeader("Content-Type", "application/json")
            .setConnectTimeout(TIMEOUT_MS).setIdleTimeout(TIMEOUT_MS))
        .compose(request -> request.send(body))
        .compose(response -> response.body().map(b -> {
          JsonObject answer = response.statusCode() == 200 ? new JsonObject(b).getJsonObject("response") : null;
          if (answer == null || !answer.getBoolean("allowed", false) || !answer.containsKey("patch")) {
            throw new IllegalStateException("unexpected answer " + response.statusCode());
          }
          return null;
        }));
  }

  /** The RESULT line: percentiles (nearest rank) over the answered requests, failures counted apart. */
  private static String result(long[] latencies) {
    long[] answered = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
    return String.format("RESULT requests=%d failures=%d p50_us=%d p99_us=%d max_us=%d", latencies.length,
        latencies.length - answered.length, percentile(answered, 50), percentile(answered, 99),
        answered.length == 0 ? 0 : answered[answered.length - 1]);
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
