package dev.transitsidecar.memory;

import dev.transitsidecar.testing.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import dev.transitsidecar.config.LockMemory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@code cache.lockMemory} makes of a refused mlock or a platform without one; metrics, status, hardening. */
class LockModeTest {
  private final LogCapture logs = new LogCapture();

  @AfterEach
  void detach() {
    logs.close();
  }

  @Test
  void required_mlockRefused_failsWithOneLineThatSaysHowToRaiseTheLimit() {
    assumeTrue(Kernel.linux().isPresent(), "needs Linux");
    RecordingKernel kernel = new RecordingKernel("mlock");
    assertThatThrownBy(() -> LockedMemory.allocate(4096, LockMemory.REQUIRED, Optional.of(kernel)))
        .isInstanceOf(MemoryLockException.class)
        .hasMessage("cache.lockMemory is required but locking 4 KiB of secret memory failed (mlock: ENOMEM,"
            + " RLIMIT_MEMLOCK 8 KiB): raise the locked-memory limit (RLIMIT_MEMLOCK: `ulimit -l 64` or systemd"
            + " LimitMEMLOCK for a process; in Kubernetes the node's container runtime default memlock ulimit) or"
            + " grant CAP_IPC_LOCK in the container's securityContext (capabilities.add: [IPC_LOCK]), or set"
            + " cache.lockMemory to preferred")
        .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    assertThat(kernel.calls).as("the mapping is released again")
        .containsExactly("mmap", "mprotect", "madvise(16)", "madvise(18)", "mlock", "munmap", "getrlimit(8)");
  }

  @Test
  void preferred_mlockRefused_warnsOnceAndServesUnlocked() {
    assumeTrue(Kernel.linux().isPresent(), "needs Linux");
    try (LockedMemory memory = LockedMemory.allocate(4096, LockMemory.PREFERRED,
        Optional.of(new RecordingKernel("mlock")))) {
      assertThat(memory.locked()).isFalse();
      memory.take(16).close();
      assertThat(logs.lines(Level.WARN)).singleElement().asString()
          .startsWith("secret memory is NOT locked and may be swapped to disk (mlock: ENOMEM; RLIMIT_MEMLOCK 8 KiB)")
          .contains("transit_sidecar_memory_locked is 0").contains("ulimit -l").contains("CAP_IPC_LOCK");
      assertThat(memory.status().status().getBoolean("locked")).isFalse();
    }
  }

  @Test
  void off_neverCallsMlock_butStillGuardsAndAdvisesSeparately() {
    assumeTrue(Kernel.linux().isPresent(), "needs Linux");
    RecordingKernel kernel = new RecordingKernel();
    try (LockedMemory memory = LockedMemory.allocate(4096, LockMemory.OFF, Optional.of(kernel))) {
      assertThat(memory.locked()).isFalse();
      assertThat(memory.status().status().getBoolean("guardPages")).isTrue();
    }
    assertThat(kernel.calls).containsExactly("mmap", "mprotect", "madvise(16)", "madvise(18)", "munmap");
    assertThat(logs.lines(Level.WARN)).isEmpty();
  }

  @Test
  void madviseRefused_isReportedAndTheSlabStillLocks() {
    assumeTrue(Kernel.linux().isPresent(), "needs Linux");
    try (LockedMemory memory = LockedMemory.allocate(4096, LockMemory.REQUIRED,
        Optional.of(new RecordingKernel("madvise(18)")))) {
      assertThat(memory.locked()).isTrue();
      assertThat(memory.status().status().getBoolean("wipeOnFork")).isFalse();
      assertThat(memory.status().status().getBoolean("dontDump")).isTrue();
      assertThat(logs.lines(Level.WARN)).singleElement().asString()
          .isEqualTo("secret memory: 4 KiB, locked=true, but not fully protected (madvise(18): EPERM)");
    }
  }

  @Test
  void noNativeCalls_requiredFails_preferredWarnsAndUsesPlainOffHeap_offIsQuiet() {
    assertThatThrownBy(() -> LockedMemory.allocate(4096, LockMemory.REQUIRED, Optional.empty()))
        .isInstanceOf(MemoryLockException.class)
        .hasMessageStartingWith("cache.lockMemory is required but secret memory cannot be locked here (no mmap/mlock on")
        .hasMessageEndingWith("run on Linux x86_64 or aarch64, or set cache.lockMemory to preferred or off");
    try (LockedMemory memory = LockedMemory.allocate(4096, LockMemory.PREFERRED, Optional.empty());
        SecretBytes secret = SecretBytes.copyOf(memory, new byte[] {7, 7})) {
      assertThat(memory.locked()).isFalse();
      assertThat(secret.exposeCopy()).containsExactly(7, 7);
      assertThat(memory.capacity()).isEqualTo(4096);
    }
    assertThat(logs.lines(Level.WARN)).singleElement().asString()
        .contains("this platform cannot lock memory: set cache.lockMemory to off");
    LockedMemory.allocate(4096, LockMemory.OFF, Optional.empty()).close();
    assertThat(logs.lines(Level.WARN)).hasSize(1);
  }

  @Test
  void allocate_capacityNotPositive_fails() {
    assertThatThrownBy(() -> LockedMemory.allocate(0, LockMemory.OFF))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
  }

  @Test
  void bindTo_rendersLockedAndUsedBytes_andCloseRemovesThem() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    LockedMemory memory = LockedMemory.allocate(LockedMemory.DEFAULT_CAPACITY, LockMemory.PREFERRED);
    memory.bindTo(registry);
    try (SecretBytes secret = memory.take(20)) {
      assertThat(registry.scrape())
          .contains("transit_sidecar_memory_locked " + (memory.locked() ? "1.0" : "0.0"))
          .contains("transit_sidecar_memory_used_bytes 32.0");
    }
    memory.close();
    assertThat(registry.scrape()).doesNotContain("transit_sidecar_memory");
  }

  @Test
  void status_reportsSizesAndProtections() {
    try (LockedMemory memory = LockedMemory.allocate(10_000, LockMemory.PREFERRED);
        SecretBytes secret = memory.take(40)) {
      var status = memory.status();
      assertThat(status.section()).isEqualTo("memory");
      assertThat(status.status().fieldNames())
          .containsExactlyInAnyOrder("locked", "mode", "capacity", "used", "slots", "guardPages", "dontDump",
              "wipeOnFork");
      assertThat(status.status().getString("mode")).isEqualTo("preferred");
      assertThat(status.status().getInteger("used")).isEqualTo(48);
      assertThat(status.status().getInteger("slots")).isEqualTo(1);
      assertThat(status.status().getInteger("capacity")).isEqualTo(memory.capacity()).isGreaterThanOrEqualTo(10_000);
    }
  }

  @Test
  void harden_refusedCalls_areReportedNotThrown() {
    assumeTrue(Kernel.linux().isPresent(), "needs Linux");
    RecordingKernel kernel = new RecordingKernel("prctl(4)", "setrlimit(4)");
    assertThat(LockedMemory.harden(kernel)).isEqualTo(new Hardening(false, false));
    assertThat(LockedMemory.harden(new RecordingKernel())).isEqualTo(new Hardening(true, true));
  }
}
