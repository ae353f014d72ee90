package dev.transitsidecar.memory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * The memory metrics, as Prometheus renders them: {@code transit_sidecar_memory_locked} (0/1),
 * {@code transit_sidecar_memory_used_bytes} and {@code transit_sidecar_memory_backend{backend="memfd_secret"}} 1
 * (or {@code mmap}, {@code plain}).
 */
final class MemoryMetrics {
  private final MeterRegistry registry;
  private final List<Meter> meters;

  MemoryMetrics(MeterRegistry registry, LockedMemory memory) {
    this.registry = registry;
    Gauge locked = Gauge.builder("transit.sidecar.memory.locked", memory, m -> m.locked() ? 1 : 0)
        .description("1 while the secret memory is locked in RAM (mlock, or memfd_secret pages)").strongReference(true).register(registry);
    Gauge used = Gauge.builder("transit.sidecar.memory.used", memory, LockedMemory::used).baseUnit("bytes")
        .description("Bytes of the secret memory held by secrets").strongReference(true).register(registry);
    Gauge backend = Gauge.builder("transit.sidecar.memory.backend", () -> 1).tag("backend", memory.backend())
        .description("1 for the backend that holds the secret memory: memfd_secret (outside the kernel's direct map),"
            + " mmap (locked anonymous memory) or plain (off-heap memory, where neither exists)")
        .register(registry);
    meters = List.of(locked, used, backend);
  }

  /** Removes the meters, so a later instance can register afresh. */
  void close() {
    meters.forEach(registry::remove);
  }
}
