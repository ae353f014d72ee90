package dev.transitsidecar.vault;

import dev.transitsidecar.config.VaultConfig;
import dev.transitsidecar.http.ReadinessCheck;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches Vault's {@code sys/health} in the background (unauthenticated; standbys count as healthy) and keeps
 * the last answer as a readiness condition, so {@code /readyz} never waits on Vault.
 */
public final class VaultHealthProbe implements ReadinessCheck {
  private static final Logger LOG = LoggerFactory.getLogger(VaultHealthProbe.class);

  private final WebClient client;
  private final VaultConfig config;
  private volatile Optional<String> reason = Optional.of("vault: not checked yet");
  private long timerId = -1;

  public VaultHealthProbe(WebClient client, VaultConfig config) {
    this.client = client;
    this.config = config;
  }

  /** Probes now and then every {@code interval} until {@link #stop(Vertx)}. */
  public VaultHealthProbe start(Vertx vertx, Duration interval) {
    probe();
    timerId = vertx.setPeriodic(interval.toMillis(), id -> probe());
    return this;
  }

  public void stop(Vertx vertx) {
    vertx.cancelTimer(timerId);
  }

  /** One probe; the future completes when the state has been updated, and never fails. */
  public Future<Void> probe() {
    return client
        .getAbs(config.address().resolve("/v1/sys/health").toString())
        .addQueryParam("standbyok", "true")
        .addQueryParam("perfstandbyok", "true")
        .timeout(config.timeout().toMillis())
        .send()
        .map(VaultHealthProbe::reasonFor)
        .otherwise(e -> Optional.of("vault: unreachable at " + config.address() + " (" + e.getClass().getSimpleName()
            + ": " + e.getMessage() + ")"))
        .map(this::update);
  }

  static Optional<String> reasonFor(HttpResponse<?> response) {
    return switch (response.statusCode()) {
      case 200, 429, 472, 473 -> Optional.empty();
      case 501 -> Optional.of("vault: not initialized");
      case 503 -> Optional.of("vault: sealed");
      default -> Optional.of("vault: sys/health answered " + response.statusCode());
    };
  }

  private Void update(Optional<String> next) {
    if (!next.equals(reason)) {
      next.ifPresentOrElse(r -> LOG.warn("not ready: {}", r), () -> LOG.info("vault reachable at {}", config.address()));
    }
    reason = next;
    return null;
  }

  @Override
  public Optional<String> notReadyReason() {
    return reason;
  }
}
