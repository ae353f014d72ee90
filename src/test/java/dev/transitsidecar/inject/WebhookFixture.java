package dev.transitsidecar.inject;

import dev.transitsidecar.config.WebhookConfig;
import dev.transitsidecar.testing.FakeClock;
import dev.transitsidecar.testing.FakeScheduler;
import dev.transitsidecar.testing.Http;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A webhook on a free port, over HTTPS with a throwaway CA's certificate in a temporary folder, its certificate
 * checks driven by a {@link FakeScheduler}, and a JDK client that trusts only that CA.
 */
final class WebhookFixture implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final FakeScheduler scheduler = new FakeScheduler(new FakeClock());
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final Path dir;
  final TestCertificates.Issued first;
  final WebhookConfig config;
  final Webhook webhook;
  final HttpClient client;

  WebhookFixture(Path dir) {
    this.dir = dir;
    this.first = TestCertificates.issue("webhook-1");
    first.writeTo(dir);
    this.config = new WebhookConfig(0, dir.resolve("tls.crt"), dir.resolve("tls.key"), Pods.WEBHOOK.image(),
        Pods.WEBHOOK.vaultAddress(), false);
    this.webhook = Webhook.start(vertx, config, registry, scheduler).await();
    this.client = HttpClient.newBuilder().sslContext(TestCertificates.trusting(first.ca()))
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  String base() {
    return "https://localhost:" + webhook.port();
  }

  Http.Answer get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10)).GET().build());
  }

  Http.Answer post(String contentType, String body) {
    return send(HttpRequest.newBuilder(URI.create(base() + "/mutate")).timeout(Duration.ofSeconds(10))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  Http.Answer review(JsonObject review) {
    return post("application/json", review.encode());
  }

  Http.Answer send(HttpRequest request) {
    try {
      var r = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
      return new Http.Answer(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An AdmissionReview for creating this pod in {@code namespace}. */
  static JsonObject podCreation(String uid, String namespace, JsonObject pod) {
    return new JsonObject().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview")
        .put("request", new JsonObject().put("uid", uid)
            .put("kind", new JsonObject().put("group", "").put("version", "v1").put("kind", "Pod"))
            .put("resource", new JsonObject().put("group", "").put("version", "v1").put("resource", "pods"))
            .put("namespace", namespace).put("operation", "CREATE").put("object", pod));
  }

  @Override
  public void close() {
    webhook.close().await();
    vertx.close().await();
  }
}
