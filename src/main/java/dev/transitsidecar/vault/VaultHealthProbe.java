package dev.transitsidecar.vault;

import dev.transitsidecar.http.StatusContributor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches Vault's {@code sys/health} in the background (unauthenticated; standbys count as healthy) and shows the
 * last answer as the {@code vault} section of the status. It is not a readiness condition: while a valid token is
 * held and answers are cached, a short Vault outage should not take the application's pod out of service. The probe
 * goes around the client's circuit breaker, so the section shows Vault's own state; {@code circuit} shows the breaker's.
 */
public final class VaultHealthProbe implements StatusContributor {
  private static final Logger LOG = LoggerFactory.getLogger(VaultHealthProbe.class);
  private static final VaultRequest HEALTH = VaultRequest.probe("/v1/sys/health?standbyok=true&perfstandbyok=true");

  private final VaultClient client;
  private final String address;
  private volatile Optional<String> problem = Optional.of("not checked yet");
  private long timerId = -1;

  public VaultHealthProbe(VaultClient client) {
    this.client = client;
    this.address = client.address();
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
    return client.probe(HEALTH)
        .map(response -> problemOf(response.status()))
        .otherwise(e -> Optional.of(e.getMessage()))
        .map(this::update);
  }

  static Optional<String> problemOf(int status) {
    return switch (status) {
      case 200, 429, 472, 473 -> Optional.empty();
      case 501 -> Optional.of("vault is not initialized");
      case 503 -> Optional.of("vault is sealed");
      default -> Optional.of("sys/health answered " + status);
    };
  }

  private Void update(Optional<String> next) {
    if (!next.equals(problem)) {
      next.ifPresentOrElse(p -> LOG.warn("vault health: {}", p), () -> LOG.info("vault at {} is healthy", address));
    }
    problem = next;
    return null;
  }

  /** Empty while Vault answers healthy; otherwise what is wrong. */
  public Optional<String> problem() {
    return problem;
  }

  @Override
  public String section() {
    return "vault";
  }

  @Override
  public JsonObject status() {
    Optional<String> now = problem;
    return new JsonObject()
        .put("address", address)
        .put("healthy", now.isEmpty())
        .put("problem", now.orElse(null))
        .put("circuit", client.circuitState());
  }
}
