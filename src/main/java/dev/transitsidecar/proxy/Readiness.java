package dev.transitsidecar.proxy;

import dev.transitsidecar.http.ReadinessCheck;
import java.util.List;
import java.util.Optional;

/** All conditions {@code /readyz} requires; ready when none reports a reason. */
public final class Readiness {
  private final List<ReadinessCheck> checks;

  public Readiness(List<ReadinessCheck> checks) {
    this.checks = List.copyOf(checks);
  }

  /** The reasons the sidecar is not ready, in check order; empty when ready. */
  public List<String> reasons() {
    return checks.stream().map(ReadinessCheck::notReadyReason).flatMap(Optional::stream).toList();
  }
}
