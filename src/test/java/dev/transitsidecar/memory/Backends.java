package dev.transitsidecar.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.transitsidecar.config.LockMemory;
import dev.transitsidecar.config.MemoryBackend;
import java.util.Locale;

/**
 * Opens a slab on one named backend for the tests that run against both. A kernel that refuses {@code memfd_secret}
 * (older than 5.14, {@code secretmem.enable=0}, a seccomp profile) skips the test with the refusal printed; whatever
 * opens is checked to be the backend that was asked for.
 */
final class Backends {
  private Backends() {}

  static LockedMemory open(MemoryBackend backend, int capacity, LockMemory mode) {
    assumeTrue(Kernel.linux().isPresent(), "needs Linux x86_64 or aarch64");
    LockedMemory memory;
    try {
      memory = LockedMemory.allocate(capacity, mode, backend);
    } catch (MemoryLockException e) {
      assumeTrue(backend != MemoryBackend.MEMFD_SECRET, "the kernel (" + System.getProperty("os.version")
          + ") refuses memfd_secret: " + e.getMessage());
      throw e;
    }
    assertThat(memory.backend()).as("the backend chosen").isEqualTo(backend.name().toLowerCase(Locale.ROOT));
    return memory;
  }
}
