package dev.transitsidecar.proxy;

import dev.transitsidecar.http.ReadinessCheck;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;

/** All conditions {@code /readyz} requires; ready when none reports a reason. */
public final class Readiness {
  private final List<ReadinessCheck> checks;

  public Readiness(List<ReadinessCheck> checks) {
    this.checks = List.copyOf(checks);
  }

  /**
   * {@code transit_sidecar_ready}: 1 while {@code /readyz} answers 200. A sidecar that is not ready still serves
   * {@code /metrics} on its health port, so an alert can say which one and for how long.
   */
  public Meter bindTo(MeterRegistry registry) {
    return Gauge.builder("transit.sidecar.ready", this, r -> r.reasons().isEmpty() ? 1 : 0)
        .description("1 while the sidecar is ready (its /readyz answers 200)").strongReference(true)
        .register(registry);
  }

  /** The reasons the sidecar is not ready, in check order; empty when ready. */
  public List<String> reasons() {
    return checks.stream().map(ReadinessCheck::notReadyReason).flatMap(Optional::stream).toList();
  }
}
