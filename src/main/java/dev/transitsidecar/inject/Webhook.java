package dev.transitsidecar.inject;

import dev.transitsidecar.config.WebhookConfig;
import dev.transitsidecar.http.ServerTimeouts;
import dev.transitsidecar.time.Scheduler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;

/**
 * The running admission webhook (the {@code webhook} command): HTTPS on {@code webhook.port} with the certificate
 * and key from {@code webhook.certFile} and {@code webhook.keyFile}, reloaded when they change, serving
 * {@code POST /mutate} (docs/injection.md) and the probes.
 */
public final class Webhook {
  private final Vertx vertx;
  private final String deploymentId;
  private final WebhookVerticle verticle;
  private final CertificateReloader reloader;

  private Webhook(Vertx vertx, String deploymentId, WebhookVerticle verticle, CertificateReloader reloader) {
    this.vertx = vertx;
    this.deploymentId = deploymentId;
    this.verticle = verticle;
    this.reloader = reloader;
  }

  /**
   * Starts the webhook. Fails with a one-line message when an injection rule could not inject a pod, a file cannot
   * be read or the pair is not a usable certificate and key. {@code config.port()} 0 binds a free port (tests read
   * it from {@link #port()}).
   *
   * @param scheduler when to look at the certificate files again
   */
  public static Future<Webhook> start(Vertx vertx, WebhookConfig config, PrometheusMeterRegistry registry,
      Scheduler scheduler) {
    WebhookMetrics metrics = new WebhookMetrics(registry);
    Optional<String> badRule = InjectionRules.problem(config);
    if (badRule.isPresent()) {
      return Future.failedFuture(new IllegalStateException(badRule.get()));
    }
    return TlsMaterial.read(vertx, config.certFile(), config.keyFile())
        .compose(tls -> deploy(vertx, config, registry, scheduler, metrics, tls));
  }

  private static Future<Webhook> deploy(Vertx vertx, WebhookConfig config, PrometheusMeterRegistry registry,
      Scheduler scheduler, WebhookMetrics metrics, TlsMaterial tls) {
    WebhookVerticle verticle = new WebhookVerticle(config.port(), tls, ServerTimeouts.DEFAULTS,
        v -> WebhookApi.router(v, config, registry, metrics));
    return vertx.deployVerticle(verticle)
        .recover(e -> Future.failedFuture(unusable(config, e)))
        .map(id -> new Webhook(vertx, id, verticle, new CertificateReloader(vertx, config.certFile(),
            config.keyFile(), verticle.server(), scheduler, metrics, tls).start()));
  }

  private static IllegalStateException unusable(WebhookConfig config, Throwable e) {
    return new IllegalStateException("webhook: cannot serve HTTPS on port " + config.port() + " with "
        + config.certFile() + " and " + config.keyFile() + " (" + e.getClass().getSimpleName() + ": "
        + e.getMessage() + ")");
  }

  public int port() {
    return verticle.server().actualPort();
  }

  public Future<Void> close() {
    reloader.stop();
    return vertx.undeploy(deploymentId);
  }
}
