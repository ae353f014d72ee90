package dev.transitsidecar.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.transitsidecar.config.LockMemory;
import dev.transitsidecar.config.MemoryBackend;
import dev.transitsidecar.memory.ProcSelf.Mapping;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The kernel's own statements about the slab, for both backends: VmLck, the guard pages' permissions and the data
 * pages' permissions and VmFlags ({@code lo} locked, {@code dd} not dumped, {@code wf} wiped on fork, {@code dc} not
 * copied on fork, {@code sh} shared: the {@code memfd_secret} file).
 */
class KernelEvidenceTest {
  @BeforeEach
  void linuxOnly() {
    assumeTrue(Kernel.linux().isPresent(), "these checks read Linux's /proc and need libc's mmap");
  }

  @ParameterizedTest
  @EnumSource(value = MemoryBackend.class, names = {"MEMFD_SECRET", "MMAP"})
  void allocate_preferred_vmLckGrowsByTheDataPagesAndShrinksOnClose(MemoryBackend backend) {
    long before = ProcSelf.lockedKiB();
    try (LockedMemory memory = Backends.open(backend, LockedMemory.DEFAULT_CAPACITY, LockMemory.PREFERRED)) {
      assumeTrue(memory.locked(), "mlock was refused here (RLIMIT_MEMLOCK too low and no CAP_IPC_LOCK)");
      assertThat(ProcSelf.lockedKiB() - before).isEqualTo(memory.capacity() / 1024);
    }
    assertThat(ProcSelf.lockedKiB()).isEqualTo(before);
  }

  @Test
  void memfdSecret_dataPages_areASharedSecretMemFileLockedNotDumpedAndNotCopiedOnFork() {
    try (LockedMemory memory = Backends.open(MemoryBackend.MEMFD_SECRET, 10_000, LockMemory.PREFERRED)) {
      MemorySegment data = memory.slab().data();
      Mapping mapping = ProcSelf.mappingAt(data.address()).orElseThrow();
      assertThat(mapping.start()).isEqualTo(data.address());
      assertThat(mapping.end()).isEqualTo(data.address() + memory.capacity());
      assertThat(mapping.perms()).isEqualTo("rw-s");
      assertThat(mapping.vmFlags()).as("VmFlags: lo locked, dd not dumped, dc not copied on fork (MADV_DONTFORK)")
          .contains("lo", "dd", "dc", "sh");
      assertThat(memory.locked()).isTrue();
      assertThat(memory.status().status().getBoolean("dontFork")).isTrue();
      assertThat(memory.status().status().getBoolean("wipeOnFork")).isFalse();
    }
  }

  @Test
  void mmap_dataPages_areLockedNotDumpedAndWipedOnFork() {
    try (LockedMemory memory = Backends.open(MemoryBackend.MMAP, 10_000, LockMemory.PREFERRED)) {
      MemorySegment data = memory.slab().data();
      Mapping mapping = ProcSelf.mappingAt(data.address()).orElseThrow();
      assertThat(mapping.start()).isEqualTo(data.address());
      assertThat(mapping.end()).isEqualTo(data.address() + memory.capacity());
      assertThat(mapping.perms()).isEqualTo("rw-p");
      assertThat(mapping.vmFlags()).as("VmFlags: dd = MADV_DONTDUMP").contains("dd");
      assumeTrue(memory.slab().wipeOnFork(), "this kernel has no MADV_WIPEONFORK (Linux 4.14+)");
      assertThat(mapping.vmFlags()).as("VmFlags: wf = MADV_WIPEONFORK").contains("wf");
      assumeTrue(memory.locked(), "mlock was refused here");
      assertThat(mapping.vmFlags()).as("VmFlags: lo = mlocked").contains("lo");
    }
  }

  @ParameterizedTest
  @EnumSource(value = MemoryBackend.class, names = {"MEMFD_SECRET", "MMAP"})
  void allocate_pagesOnBothSidesOfTheData_areGuardPages(MemoryBackend backend) {
    try (LockedMemory memory = Backends.open(backend, LockedMemory.DEFAULT_CAPACITY, LockMemory.OFF)) {
      MemorySegment data = memory.slab().data();
      assertThat(ProcSelf.mappingAt(data.address() - 1).orElseThrow().perms()).isEqualTo("---p");
      assertThat(ProcSelf.mappingAt(data.address() + memory.capacity()).orElseThrow().perms()).isEqualTo("---p");
      assertThat(memory.locked()).as("off locks nothing itself; memfd_secret pages are locked by the kernel")
          .isEqualTo(backend == MemoryBackend.MEMFD_SECRET);
    }
  }

  @ParameterizedTest
  @EnumSource(value = MemoryBackend.class, names = {"MEMFD_SECRET", "MMAP"})
  void close_unmapsTheSlab(MemoryBackend backend) {
    LockedMemory memory = Backends.open(backend, 4096, LockMemory.PREFERRED);
    long address = memory.slab().data().address();
    memory.close();
    assertThat(ProcSelf.mappingAt(address)).isEmpty();
  }
}
