package dev.transitsidecar.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.transitsidecar.config.LockMemory;
import dev.transitsidecar.memory.ProcSelf.Mapping;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The kernel's own statements about the slab: VmLck, the guard pages' permissions and the data pages' VmFlags. */
class KernelEvidenceTest {
  @BeforeEach
  void linuxOnly() {
    assumeTrue(Kernel.linux().isPresent(), "these checks read Linux's /proc and need libc's mmap");
  }

  @Test
  void allocate_preferred_vmLckGrowsByTheDataPagesAndShrinksOnClose() {
    long before = ProcSelf.lockedKiB();
    try (LockedMemory memory = LockedMemory.allocate(LockedMemory.DEFAULT_CAPACITY, LockMemory.PREFERRED)) {
      assumeTrue(memory.locked(), "mlock was refused here (RLIMIT_MEMLOCK too low and no CAP_IPC_LOCK)");
      assertThat(ProcSelf.lockedKiB() - before).isEqualTo(memory.capacity() / 1024);
    }
    assertThat(ProcSelf.lockedKiB()).isEqualTo(before);
  }

  @Test
  void allocate_dataPages_areLockedNotDumpedAndWipedOnFork() {
    try (LockedMemory memory = LockedMemory.allocate(10_000, LockMemory.PREFERRED)) {
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

  @Test
  void allocate_pagesOnBothSidesOfTheData_areGuardPages() {
    try (LockedMemory memory = LockedMemory.allocate(LockedMemory.DEFAULT_CAPACITY, LockMemory.OFF)) {
      MemorySegment data = memory.slab().data();
      assertThat(ProcSelf.mappingAt(data.address() - 1).orElseThrow().perms()).isEqualTo("---p");
      assertThat(ProcSelf.mappingAt(data.address() + memory.capacity()).orElseThrow().perms()).isEqualTo("---p");
      assertThat(memory.locked()).isFalse();
    }
  }

  @Test
  void close_unmapsTheSlab() {
    LockedMemory memory = LockedMemory.allocate(4096, LockMemory.PREFERRED);
    long address = memory.slab().data().address();
    memory.close();
    assertThat(ProcSelf.mappingAt(address)).isEmpty();
  }
}
