package dev.transitsidecar.inject;

import dev.transitsidecar.config.WebhookConfig;
import dev.transitsidecar.http.GracefulStop;
import dev.transitsidecar.http.ServerTimeouts;
import dev.transitsidecar.time.Scheduler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The running admission webhook (the {@code webhook} command): HTTPS on {@code webhook.port} with the certificate
 * and key from {@code webhook.certFile} and {@code webhook.keyFile}, reloaded when they change, serving
 * {@code POST /mutate} (docs/injection.md) and the probes.
 */
public final class Webhook {
  /** A review is answered from memory, without a call out: a second is plenty to finish those in flight. */
  static final Duration DRAIN_LIMIT = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final String deploymentId;
  private final WebhookVerticle verticle;
  private final CertificateReloader reloader;
  private final GracefulStop stop;
  private Future<GracefulStop.Drained> stopped;

  private Webhook(Vertx vertx, String deploymentId, WebhookVerticle verticle, CertificateReloader reloader,
      GracefulStop stop) {
    this.vertx = vertx;
    this.deploymentId = deploymentId;
    this.verticle = verticle;
    this.reloader = reloader;
    this.stop = stop;
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
    return start(vertx, config, registry, scheduler, Clock.systemUTC());
  }

  /**
   * As {@link #start(Vertx, WebhookConfig, PrometheusMeterRegistry, Scheduler)}; {@code scheduler} and {@code clock}
   * also time the graceful stop ({@link #stop()}).
   */
  public static Future<Webhook> start(Vertx vertx, WebhookConfig config, PrometheusMeterRegistry registry,
      Scheduler scheduler, Clock clock) {
    WebhookMetrics metrics = new WebhookMetrics(registry);
    Optional<String> badRule = InjectionRules.problem(config);
    if (badRule.isPresent()) {
      return Future.failedFuture(new IllegalStateException(badRule.get()));
    }
    return TlsMaterial.read(vertx, config.certFile(), config.keyFile())
        .compose(tls -> deploy(vertx, config, registry, scheduler, metrics, tls,
            new GracefulStop("the webhook", config.shutdownGrace(), DRAIN_LIMIT, scheduler, clock)));
  }

  private static Future<Webhook> deploy(Vertx vertx, WebhookConfig config, PrometheusMeterRegistry registry,
      Scheduler scheduler, WebhookMetrics metrics, TlsMaterial tls, GracefulStop stop) {
    WebhookVerticle verticle = new WebhookVerticle(config.port(), tls, ServerTimeouts.DEFAULTS,
        v -> WebhookApi.router(v, config, registry, metrics, stop.readiness()), stop);
    return vertx.deployVerticle(verticle)
        .recover(e -> Future.failedFuture(unusable(config, e)))
        .map(id -> new Webhook(vertx, id, verticle, new CertificateReloader(vertx, config.certFile(),
            config.keyFile(), verticle.server(), scheduler, metrics, tls).start(), stop));
  }

  private static IllegalStateException unusable(WebhookConfig config, Throwable e) {
    return new IllegalStateException("webhook: cannot serve HTTPS on port " + config.port() + " with "
        + config.certFile() + " and " + config.keyFile() + " (" + e.getClass().getSimpleName() + ": "
        + e.getMessage() + ")");
  }

  public int port() {
    return verticle.server().actualPort();
  }

  /**
   * Stops gracefully (docs/reliability.md#shutdown): {@code /readyz} answers 503 and the certificate is no longer
   * re-read at once, {@code /mutate} keeps being served for {@code webhook.shutdownGrace}, then the listener closes and
   * the reviews in flight finish; then the webhook is closed.
   */
  public synchronized Future<GracefulStop.Drained> stop() {
    if (stopped == null) {
      stopped = stop.stop(reloader::stop).compose(drained -> close().map(drained));
    }
    return stopped;
  }

  public Future<Void> close() {
    reloader.stop();
    return vertx.undeploy(deploymentId);
  }
}
