package dev.transitsidecar.inject;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.SidecarRuntime;
import dev.transitsidecar.config.WebhookConfig;
import dev.transitsidecar.time.VertxScheduler;
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
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The webhook's latency at a fixed arrival rate (open loop: request i is due at start + i / rate, and its latency
 * counts from then, so a stall is not hidden by the client waiting). NOT run by the build (its name matches no
 * surefire or failsafe pattern); run it with {@code bench/webhook}. Results go to {@code bench/results/webhook.txt}.
 * Settings: {@code -Dbench.rate=200 -Dbench.seconds=60 -Dbench.warmup=15}.
 */
@Tag("bench")
class WebhookLoadBench {
  @Test
  void mutate_atAFixedRate_latencyPercentiles() throws Exception {
    int rate = Integer.getInteger("bench.rate", 200);
    int seconds = Integer.getInteger("bench.seconds", 60);
    int warmup = Integer.getInteger("bench.warmup", 15);
    Path dir = Files.createTempDirectory("webhook-bench");
    TestCertificates.Issued tls = TestCertificates.issue("webhook-bench");
    tls.writeTo(dir);
    SidecarRuntime runtime = SidecarRuntime.create();
    WebhookConfig config = new WebhookConfig(0, dir.resolve("tls.crt"), dir.resolve("tls.key"), Pods.WEBHOOK.image(),
        Pods.WEBHOOK.vaultAddress(), false);
    Webhook webhook = Webhook.start(runtime.vertx(), config, runtime.registry(), VertxScheduler.of(runtime.vertx()))
        .await();
    Vertx clientVertx = Vertx.vertx();
    HttpClient client = clientVertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(false)
        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(pem(tls)))),
        new PoolOptions().setHttp1MaxSize(32));
    Buffer body = WebhookFixture.podCreation("bench", "kasten-io", k10Pod()).toBuffer();
    try {
      run(clientVertx, client, webhook.port(), body, rate, warmup);
      long[] latencies = run(clientVertx, client, webhook.port(), body, rate, seconds);
      String report = report(rate, seconds, body.length(), latencies);
      Files.createDirectories(Path.of("bench/results"));
      Files.writeString(Path.of("bench/results/webhook.txt"), report);
      System.out.print(report);
      assertThat(latencies).doesNotContain(-1L);
    } finally {
      client.close().await();
      clientVertx.close().await();
      webhook.close().await();
      runtime.vertx().close().await();
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
    vertx.setPeriodic(1, timer -> {
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
    });
    assertThat(done.await(seconds + 60L, TimeUnit.SECONDS)).isTrue();
    return latencies;
  }

  private static Future<Void> send(HttpClient client, int port, Buffer body) {
    return client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
            .setURI("/mutate").putHeader("Content-Type", "application/json"))
        .compose(request -> request.send(body))
        .compose(response -> response.body().map(b -> {
          if (response.statusCode() != 200 || !new JsonObject(b).getJsonObject("response").getBoolean("allowed")) {
            throw new IllegalStateException("unexpected answer " + response.statusCode());
          }
          return null;
        }));
  }

  private static String report(int rate, int seconds, int bodyBytes, long[] latencies) {
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    long failures = Arrays.stream(latencies).filter(l -> l < 0).count();
    return String.format("webhook POST /mutate, %d requests/s for %d s (%d requests, %d-byte review, HTTPS keep-alive,"
            + " open loop), %d failed%n  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms%n"
            + "  JVM: %s %s, %d processors%n",
        rate, seconds, latencies.length, bodyBytes, failures, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99),
        pct(sorted, 99.9), sorted[sorted.length - 1] / 1000.0, System.getProperty("java.vm.name"),
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
  }

  private static double pct(long[] sorted, double p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
  }

  /** A pod shaped like K10's crypto service: three containers, env, mounts, the K10 annotations. */
  private static JsonObject k10Pod() {
    JsonObject pod = PodMutatorTest.kubernetesAuth();
    JsonObject spec = pod.getJsonObject("spec");
    for (String name : new String[] {"events-svc", "garbagecollector-svc"}) {
      spec.getJsonArray("containers").add(Pods.container(name).put("env", new io.vertx.core.json.JsonArray()
          .add(Pods.env("VAULT_ADDR", "https://vault.vault.svc:8200")).add(Pods.env("LOG_LEVEL", "info"))));
    }
    pod.getJsonObject("metadata").getJsonObject("annotations").put("transit-sidecar.dev/native-sidecar", "true");
    return pod;
  }

  private static String pem(TestCertificates.Issued tls) throws java.io.IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(tls.ca());
    }
    return text.toString();
  }
}
