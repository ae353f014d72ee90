package dev.transitsidecar.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import dev.transitsidecar.config.LockMemory;
import dev.transitsidecar.config.MemoryBackend;
import dev.transitsidecar.testing.LogCapture;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
    assertThatThrownBy(() -> LockedMemory.allocate(4096, LockMemory.REQUIRED, MemoryBackend.MMAP,
        Optional.of(kernel)))
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
    try (LockedMemory memory = LockedMemory.allocate(4096, LockMemory.PREFERRED, MemoryBackend.MMAP,
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
    try (LockedMemory memory = LockedMemory.allocate(4096, LockMemory.OFF, MemoryBackend.MMAP,
        Optional.of(kernel))) {
      assertThat(memory.locked()).isFalse();
      assertThat(memory.status().status().getBoolean("guardPages")).isTrue();
    }
    assertThat(kernel.calls).containsExactly("mmap", "mprotect", "madvise(16)", "madvise(18)", "munmap");
    assertThat(logs.lines(Level.WARN)).isEmpty();
  }

  @Test
  void madviseRefused_isReportedAndTheSlabStillLocks() {
    assumeTrue(Kernel.linux().isPresent(), "needs Linux");
    try (LockedMemory memory = LockedMemory.allocate(4096, LockMemory.REQUIRED, MemoryBackend.MMAP,
        Optional.of(new RecordingKernel("madvise(18)")))) {
      assertThat(memory.locked()).isTrue();
      assertThat(memory.status().status().getBoolean("wipeOnFork")).isFalse();
      assertThat(memory.status().status().getBoolean("dontDump")).isTrue();
      assertThat(logs.lines(Level.WARN)).singleElement().asString()
          .isEqualTo("secret memory: 4 KiB mmap, locked=true, but not fully protected (madvise(18): EPERM)");
    }
  }

  @Test
  void noNativeCalls_requiredFails_preferredWarnsAndUsesPlainOffHeap_offIsQuiet() {
    assertThatThrownBy(() -> LockedMemory.allocate(4096, LockMemory.REQUIRED, MemoryBackend.AUTO, Optional.empty()))
        .isInstanceOf(MemoryLockException.class)
        .hasMessageStartingWith("cache.lockMemory is required but secret memory cannot be locked here (no mmap/mlock on")
        .hasMessageEndingWith("run on Linux x86_64 or aarch64, or set cache.lockMemory to preferred or off");
    try (LockedMemory memory = LockedMemory.allocate(4096, LockMemory.PREFERRED, MemoryBackend.AUTO,
        Optional.empty());
        SecretBytes secret = SecretBytes.copyOf(memory, new byte[] {7, 7})) {
      assertThat(memory.locked()).isFalse();
      assertThat(secret.exposeCopy()).containsExactly(7, 7);
      assertThat(memory.capacity()).isEqualTo(4096);
    }
    assertThat(logs.lines(Level.WARN)).singleElement().asString()
        .contains("this platform cannot lock memory: set cache.lockMemory to off");
    LockedMemory.allocate(4096, LockMemory.OFF, MemoryBackend.AUTO, Optional.empty()).close();
    assertThat(logs.lines(Level.WARN)).hasSize(1);
  }

  @Test
  void allocate_capacityNotPositive_fails() {
    assertThatThrownBy(() -> LockedMemory.allocate(0, LockMemory.OFF))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
  }

  @Test
  void auto_memfdSecretRefused_fallsBackToALockedMmapWithOneInfoLineNamingTheErrno() {
    assumeTrue(Kernel.linux().isPresent(), "needs Linux");
    RecordingKernel kernel = new RecordingKernel("memfd_secret");
    try (LockedMemory memory = LockedMemory.allocate(4096, LockMemory.REQUIRED, MemoryBackend.AUTO,
        Optional.of(kernel))) {
      assertThat(memory.backend()).isEqualTo("mmap");
      assertThat(memory.locked()).isTrue();
      assertThat(memory.status().status().getString("backend")).isEqualTo("mmap");
    }
    assertThat(kernel.calls).as("the reservation for memfd_secret is released before mmap's own")
        .containsExactly("mmap", "memfd_secret", "munmap", "mmap", "mprotect", "madvise(16)", "madvise(18)", "mlock",
            "munlock", "munmap");
    assertThat(logs.lines(Level.INFO)).filteredOn(l -> l.contains("memfd_secret")).singleElement().asString()
        .isEqualTo("secret memory: memfd_secret is not available (memfd_secret: ENOSYS: this kernel has no"
            + " memfd_secret (Linux 5.14 or later; older kernels need the boot parameter secretmem.enable=1)), using"
            + " an anonymous mmap instead");
    assertThat(logs.lines(Level.WARN)).isEmpty();
  }

  @Test
  void auto_memfdSecretMappingRefused_closesTheFileUnmapsAndFallsBack() {
    Backends.open(MemoryBackend.MEMFD_SECRET, 4096, LockMemory.OFF).close();
    RecordingKernel kernel = new RecordingKernel("mmap(MAP_SHARED)");
    try (LockedMemory memory = LockedMemory.allocate(4096, LockMemory.PREFERRED, MemoryBackend.AUTO,
        Optional.of(kernel))) {
      assertThat(memory.backend()).isEqualTo("mmap");
    }
    assertThat(kernel.calls).startsWith("mmap", "memfd_secret", "ftruncate", "mmap(MAP_SHARED)", "munmap", "close",
        "mmap", "mprotect");
    assertThat(logs.lines(Level.INFO)).filteredOn(l -> l.contains("memfd_secret is not available")).singleElement()
        .asString().contains("(mmap(MAP_SHARED): EAGAIN: memfd_secret pages are locked and count against"
            + " RLIMIT_MEMLOCK");
  }

  @Test
  void memfdSecretBackend_refused_failsTheStartWithOneLine() {
    assumeTrue(Kernel.linux().isPresent(), "needs Linux");
    RecordingKernel kernel = new RecordingKernel("memfd_secret");
    assertThatThrownBy(() -> LockedMemory.allocate(4096, LockMemory.PREFERRED, MemoryBackend.MEMFD_SECRET,
        Optional.of(kernel)))
        .isInstanceOf(MemoryLockException.class)
        .hasMessage("cache.memoryBackend is memfd_secret but the kernel refused it (memfd_secret: ENOSYS): this"
            + " kernel has no memfd_secret (Linux 5.14 or later; older kernels need the boot parameter"
            + " secretmem.enable=1); or set cache.memoryBackend to auto (memfd_secret where it works, else mmap) or"
            + " mmap")
        .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    assertThat(kernel.calls).containsExactly("mmap", "memfd_secret", "munmap");
    assertThatThrownBy(() -> LockedMemory.allocate(4096, LockMemory.OFF, MemoryBackend.MEMFD_SECRET,
        Optional.empty())).isInstanceOf(MemoryLockException.class)
        .hasMessageContaining("memfd_secret needs Linux x86_64 or aarch64");
  }

  @Test
  void memfdSecret_off_isStillLockedAndNeverCallsMlock() {
    assumeTrue(Kernel.linux().isPresent(), "needs Linux");
    RecordingKernel kernel = new RecordingKernel();
    try (LockedMemory memory = Backends.open(MemoryBackend.MEMFD_SECRET, 4096, LockMemory.OFF)) {
      assertThat(memory.locked()).as("memfd_secret pages are locked by the kernel").isTrue();
    }
    try (LockedMemory memory = LockedMemory.allocate(4096, LockMemory.OFF, MemoryBackend.MEMFD_SECRET,
        Optional.of(kernel))) {
      assertThat(memory.status().status().getString("mode")).isEqualTo("off");
    }
    assertThat(kernel.calls).containsExactly("mmap", "memfd_secret", "ftruncate", "mmap(MAP_SHARED)", "close",
        "madvise(16)", "madvise(10)", "munmap");
    assertThat(logs.lines(Level.WARN)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = MemoryBackend.class, names = {"MEMFD_SECRET", "MMAP"})
  void bindTo_rendersTheBackend(MemoryBackend backend) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (LockedMemory memory = Backends.open(backend, 4096, LockMemory.PREFERRED)) {
      memory.bindTo(registry);
      assertThat(registry.scrape()).contains("transit_sidecar_memory_backend{backend=\"" + memory.backend()
          + "\"} 1.0").contains("transit_sidecar_memory_locked 1.0");
    }
    assertThat(registry.scrape()).doesNotContain("transit_sidecar_memory_backend");
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
          .containsExactlyInAnyOrder("backend", "locked", "mode", "capacity", "used", "slots", "guardPages",
              "dontDump", "wipeOnFork", "dontFork");
      assertThat(status.status().getString("backend")).isEqualTo(memory.backend()).isIn("memfd_secret", "mmap");
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
