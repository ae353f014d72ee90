package dev.transitsidecar.memory;

import dev.transitsidecar.config.LockMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory behind {@link LockedMemory}: on Linux one private anonymous mapping laid out as
 * {@code [guard page | data pages | guard page]}, the guards {@code PROT_NONE}, the data pages read-write,
 * {@code MADV_DONTDUMP}, {@code MADV_WIPEONFORK} and (unless {@code off}) {@code mlock}ed. Elsewhere, or when the
 * mapping fails, a plain off-heap segment. The segments belong to a shared arena whose closing unmaps the region, so
 * a use after {@link #close()} fails with {@link IllegalStateException} rather than touching unmapped memory.
 *
 * @param problems what could not be done, for one log line
 */
record Slab(Arena arena, MemorySegment data, Optional<Kernel> kernel, boolean locked, boolean dontDump,
    boolean wipeOnFork, boolean guarded, List<String> problems) {
  private static final Logger LOG = LoggerFactory.getLogger(Slab.class);

  static Slab open(Optional<Kernel> kernel, int capacity, LockMemory mode) {
    if (kernel.isEmpty()) {
      return offHeap(capacity, mode, "no mmap/mlock on " + System.getProperty("os.name") + " "
          + System.getProperty("os.arch"));
    }
    Kernel k = kernel.get();
    long page = k.pageSize();
    long dataSize = (capacity + page - 1) / page * page;
    long total = dataSize + 2 * page;
    MemorySegment address;
    try {
      address = k.mmap(total, Kernel.PROT_NONE);
    } catch (NativeCallException e) {
      return offHeap(capacity, mode, e.getMessage());
    }
    Arena arena = Arena.ofShared();
    MemorySegment data = address.reinterpret(total, arena, start -> unmap(k, start, total)).asSlice(page, dataSize);
    try {
      k.mprotect(data, Kernel.PROT_READ_WRITE);
    } catch (NativeCallException e) {
      arena.close();
      return offHeap(capacity, mode, e.getMessage());
    }
    return harden(k, arena, data, mode);
  }

  private static Slab harden(Kernel k, Arena arena, MemorySegment data, LockMemory mode) {
    List<String> problems = new ArrayList<>();
    boolean dontDump = attempt(() -> k.madvise(data, Kernel.MADV_DONTDUMP), problems);
    boolean wipeOnFork = attempt(() -> k.madvise(data, Kernel.MADV_WIPEONFORK), problems);
    boolean locked = mode != LockMemory.OFF && attempt(() -> k.mlock(data), problems);
    if (mode == LockMemory.REQUIRED && !locked) {
      arena.close();
      throw MemoryLockException.mlockFailed(data.byteSize(), problems.getLast(), memlockLimit(k));
    }
    if (!locked && mode == LockMemory.PREFERRED) {
      problems.add("RLIMIT_MEMLOCK " + memlockLimit(k));
    }
    return new Slab(arena, data, Optional.of(k), locked, dontDump, wipeOnFork, true, List.copyOf(problems));
  }

  private static Slab offHeap(int capacity, LockMemory mode, String reason) {
    if (mode == LockMemory.REQUIRED) {
      throw MemoryLockException.unavailable(reason);
    }
    Arena arena = Arena.ofShared();
    MemorySegment data = arena.allocate(capacity, SlotAllocator.ALIGNMENT);
    return new Slab(arena, data, Optional.empty(), false, false, false, false,
        List.of(reason, "using plain off-heap memory"));
  }

  private static boolean attempt(Runnable call, List<String> problems) {
    try {
      call.run();
      return true;
    } catch (NativeCallException e) {
      problems.add(e.getMessage());
      return false;
    }
  }

  private static String memlockLimit(Kernel k) {
    try {
      return k.getrlimit(Kernel.RLIMIT_MEMLOCK).softForHumans();
    } catch (NativeCallException e) {
      return "unknown";
    }
  }

  private static void unmap(Kernel k, MemorySegment start, long length) {
    try {
      k.munmap(start, length);
    } catch (NativeCallException e) {
      LOG.warn("could not unmap the secret memory ({})", e.getMessage());
    }
  }

  /** Wipes the data pages, unlocks them and unmaps (or frees) the region. */
  void close() {
    data.fill((byte) 0);
    List<String> problems = new ArrayList<>();
    if (locked && !attempt(() -> kernel.orElseThrow().munlock(data), problems)) {
      LOG.warn("could not unlock the secret memory ({})", problems.getFirst());
    }
    arena.close();
  }
}
