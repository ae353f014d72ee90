package dev.transitsidecar.vault;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The Vault client's circuit metrics, as Prometheus renders them: {@code transit_sidecar_vault_circuit_state} (0
 * closed, 1 half-open, 2 open), {@code transit_sidecar_vault_circuit_opened_total} and
 * {@code transit_sidecar_vault_attempts_total{result}}: every attempt of the client (retries included), with
 * {@code result} {@code answered} (any HTTP status), {@code no_answer} (connection failed or broke, timeout) or
 * {@code not_sent} (failed at once by the open circuit).
 */
final class CircuitMetrics {
  private final MeterRegistry registry;
  private final List<Meter> meters;

  CircuitMetrics(MeterRegistry registry, VaultCircuit circuit) {
    this.registry = registry;
    Gauge state = Gauge.builder("transit.sidecar.vault.circuit.state", circuit, CircuitMetrics::stateValue)
        .description("The Vault circuit breaker: 0 closed, 1 half-open (one request may try), 2 open (fail fast)")
        .strongReference(true).register(registry);
    FunctionCounter opened = FunctionCounter.builder("transit.sidecar.vault.circuit.opened", circuit,
            c -> c.counts().opened())
        .description("Times the Vault circuit breaker opened").register(registry);
    meters = List.of(state, opened,
        attempts(registry, circuit, "answered", c -> c.counts().answered()),
        attempts(registry, circuit, "no_answer", c -> c.counts().noAnswer()),
        attempts(registry, circuit, "not_sent", c -> c.counts().notSent()));
  }

  private static Meter attempts(MeterRegistry registry, VaultCircuit circuit, String result,
      ToDoubleFunction<VaultCircuit> count) {
    return FunctionCounter.builder("transit.sidecar.vault.attempts", circuit, count).tag("result", result)
        .description("Attempts of the Vault client, retries included").register(registry);
  }

  static int stateValue(VaultCircuit circuit) {
    return switch (circuit.state()) {
      case "open" -> 2;
      case "half_open" -> 1;
      default -> 0;
    };
  }

  /** Removes the meters, so a later client can register afresh. */
  void close() {
    meters.forEach(registry::remove);
  }
}
