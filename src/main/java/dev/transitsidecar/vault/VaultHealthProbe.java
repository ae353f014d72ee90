package dev.transitsidecar.vault;

import dev.transitsidecar.http.ReadinessCheck;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
  private static final VaultRequest HEALTH = VaultRequest.probe("/v1/sys/health?standbyok=true&perfstandbyok=true");

  private final VaultClient client;
  private volatile Optional<String> reason = Optional.of("vault: not checked yet");
  private long timerId = -1;

  public VaultHealthProbe(VaultClient client) {
    this.client = client;
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
    return client.send(HEALTH, Optional.empty())
        .map(response -> reasonFor(response.status()))
        .otherwise(e -> Optional.of(e.getMessage()))
        .map(this::update);
  }

  static Optional<String> reasonFor(int status) {
    return switch (status) {
      case 200, 429, 472, 473 -> Optional.empty();
      case 501 -> Optional.of("vault: not initialized");
      case 503 -> Optional.of("vault: sealed");
      default -> Optional.of("vault: sys/health answered " + status);
    };
  }

  private Void update(Optional<String> next) {
    if (!next.equals(reason)) {
      next.ifPresentOrElse(r -> LOG.warn("not ready: {}", r), () -> LOG.info("vault is reachable"));
    }
    reason = next;
    return null;
  }

  @Override
  public Optional<String> notReadyReason() {
    return reason;
  }
}
