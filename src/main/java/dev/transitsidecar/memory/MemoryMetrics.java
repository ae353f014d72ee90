package dev.transitsidecar.memory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * The memory metrics, as Prometheus renders them: {@code transit_sidecar_memory_locked} (0/1) and
 * {@code transit_sidecar_memory_used_bytes}.
 */
final class MemoryMetrics {
  private final MeterRegistry registry;
  private final List<Meter> meters;

  MemoryMetrics(MeterRegistry registry, LockedMemory memory) {
    this.registry = registry;
    Gauge locked = Gauge.builder("transit.sidecar.memory.locked", memory, m -> m.locked() ? 1 : 0)
        .description("1 while the secret memory is locked in RAM (mlock)").strongReference(true).register(registry);
    Gauge used = Gauge.builder("transit.sidecar.memory.used", memory, LockedMemory::used).baseUnit("bytes")
        .description("Bytes of the secret memory held by secrets").strongReference(true).register(registry);
    meters = List.of(locked, used);
  }

  /** Removes the meters, so a later instance can register afresh. */
  void close() {
    meters.forEach(registry::remove);
  }
}
