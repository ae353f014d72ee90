package dev.transitsidecar.memory;

import dev.transitsidecar.config.LockMemory;
import dev.transitsidecar.config.MemoryBackend;
import java.util.Locale;

/**
 * Run by {@link ForkedJvmTest} in a JVM of its own, so that hardening and refused locks do not touch the test JVM.
 * {@code harden}: prints the dumpable flag and the core limit before and after {@link LockedMemory#hardenProcess()}.
 * {@code allocate MODE [BACKEND]}: allocates the default slab (backend {@code auto} unless named) and prints its
 * backend, whether it is locked, VmLck and the slab's VmFlags; a {@link MemoryLockException} becomes
 * {@code error: <message>} and exit status 3.
 */
public final class MemoryProbe {
  private MemoryProbe() {}

  public static void main(String[] args) {
    Kernel kernel = Kernel.linux().orElseThrow();
    if (args[0].equals("harden")) {
      System.out.println("dumpableBefore=" + kernel.prctl(Kernel.PR_GET_DUMPABLE, 0));
      System.out.println("hardening=" + LockedMemory.hardenProcess());
      System.out.println("dumpable=" + kernel.prctl(Kernel.PR_GET_DUMPABLE, 0));
      System.out.println("coreSoft=" + kernel.getrlimit(Kernel.RLIMIT_CORE).soft());
      return;
    }
    LockMemory mode = LockMemory.valueOf(args[1].toUpperCase(Locale.ROOT));
    MemoryBackend backend = args.length > 2 ? MemoryBackend.valueOf(args[2].toUpperCase(Locale.ROOT))
        : MemoryBackend.AUTO;
    try (LockedMemory memory = LockedMemory.allocate(LockedMemory.DEFAULT_CAPACITY, mode, backend)) {
      System.out.println("backend=" + memory.backend());
      System.out.println("locked=" + memory.locked());
      System.out.println("vmLckKiB=" + ProcSelf.lockedKiB());
      System.out.println("vmFlags=" + String.join(" ",
          ProcSelf.mappingAt(memory.slab().data().address()).orElseThrow().vmFlags()));
    } catch (MemoryLockException e) {
      System.out.println("error: " + e.getMessage());
      System.exit(3);
    }
  }
}
