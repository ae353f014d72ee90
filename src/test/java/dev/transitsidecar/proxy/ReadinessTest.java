package dev.transitsidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code /readyz}'s conditions, and the gauge that shows them to Prometheus. */
class ReadinessTest {
  @Test
  void readyGauge_followsTheChecks() {
    AtomicReference<Optional<String>> vault = new AtomicReference<>(Optional.of("vault is unreachable"));
    Readiness readiness = new Readiness(List.of(() -> Optional.empty(), vault::get));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    readiness.bindTo(registry);

    assertThat(registry.get("transit.sidecar.ready").gauge().value()).isZero();
    vault.set(Optional.empty());
    assertThat(registry.get("transit.sidecar.ready").gauge().value()).isEqualTo(1);
    assertThat(readiness.reasons()).isEmpty();
  }
}
