package dev.transitsidecar.memory;

import dev.transitsidecar.config.LockMemory;
import dev.transitsidecar.config.MemoryBackend;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory behind {@link LockedMemory}: on Linux one reserved region laid out as
 * {@code [guard page | data pages | guard page]}, the guards {@code PROT_NONE}. The data pages are either a
 * {@code memfd_secret} file mapped shared over the middle of the reservation (out of the kernel's direct map, locked
 * and not dumped by the kernel; {@code MADV_DONTDUMP} and {@code MADV_DONTFORK} on top) or the reservation's own
 * pages made read-write, {@code MADV_DONTDUMP}, {@code MADV_WIPEONFORK} and (unless {@code off}) {@code mlock}ed.
 * Elsewhere, or when no mapping works, a plain off-heap segment. The segments belong to a shared arena whose closing
 * unmaps the region, so a use after {@link #close()} fails with {@link IllegalStateException} rather than touching
 * unmapped memory.
 *
 * @param backend {@link #MEMFD_SECRET}, {@link #MMAP} or {@link #PLAIN}
 * @param fallback why {@code auto} did not get {@code memfd_secret} (for example {@code memfd_secret: ENOSYS})
 * @param problems what could not be done, for one log line
 */
record Slab(Arena arena, MemorySegment data, Optional<Kernel> kernel, String backend, boolean locked,
    boolean dontDump, boolean wipeOnFork, boolean dontFork, boolean guarded, Optional<String> fallback,
    List<String> problems) {
  static final String MEMFD_SECRET = "memfd_secret";
  static final String MMAP = "mmap";
  static final String PLAIN = "plain";

  private static final Logger LOG = LoggerFactory.getLogger(Slab.class);

  static Slab open(Optional<Kernel> kernel, int capacity, LockMemory mode, MemoryBackend backend) {
    if (kernel.isEmpty()) {
      String reason = "no mmap/mlock on " + System.getProperty("os.name") + " " + System.getProperty("os.arch");
      if (backend == MemoryBackend.MEMFD_SECRET) {
        throw MemoryLockException.memfdSecretUnavailable(reason);
      }
      return offHeap(capacity, mode, reason);
    }
    Kernel k = kernel.get();
    Optional<String> fallback = Optional.empty();
    if (backend != MemoryBackend.MMAP) {
      try {
        return secret(k, capacity);
      } catch (NativeCallException e) {
        if (backend == MemoryBackend.MEMFD_SECRET) {
          throw MemoryLockException.memfdSecretUnavailable(e.getMessage());
        }
        fallback = Optional.of(e.getMessage());
      }
    }
    return mapped(k, capacity, mode, fallback);
  }

  /** The page-rounded data size and the reservation around it, guard pages included, as {@code [data, total]}. */
  private static long[] sizes(Kernel k, int capacity) {
    long page = k.pageSize();
    long dataSize = (capacity + page - 1) / page * page;
    return new long[] {dataSize, dataSize + 2 * page};
  }

  /** Reserves {@code total} bytes {@code PROT_NONE}, owned by a new shared arena that unmaps them when closed. */
  private static MemorySegment reserve(Kernel k, long total, Arena arena) {
    MemorySegment address = k.mmap(total, Kernel.PROT_NONE);
    return address.reinterpret(total, arena, start -> unmap(k, start, total));
  }

  /**
   * {@code memfd_secret} pages mapped over the middle of a fresh reservation; any failure unmaps the whole
   * reservation (a failed {@code MAP_FIXED} may already have replaced part of it) and is thrown.
   */
  private static Slab secret(Kernel k, int capacity) {
    long[] sizes = sizes(k, capacity);
    long page = (sizes[1] - sizes[0]) / 2;
    Arena arena = Arena.ofShared();
    MemorySegment data;
    try {
      data = reserve(k, sizes[1], arena).asSlice(page, sizes[0]);
    } catch (NativeCallException e) {
      arena.close();
      throw e;
    }
    int fd;
    try {
      fd = k.memfdSecret();
    } catch (NativeCallException e) {
      arena.close();
      throw e;
    }
    try {
      k.ftruncate(fd, sizes[0]);
      k.mmapShared(data, sizes[0], fd);
      data.fill((byte) 0);
    } catch (NativeCallException e) {
      arena.close();
      throw e;
    } finally {
      closeQuietly(k, fd);
    }
    List<String> problems = new ArrayList<>();
    boolean dontDump = attempt(() -> k.madvise(data, Kernel.MADV_DONTDUMP), problems);
    boolean dontFork = attempt(() -> k.madvise(data, Kernel.MADV_DONTFORK), problems);
    return new Slab(arena, data, Optional.of(k), MEMFD_SECRET, true, dontDump, false, dontFork, true,
        Optional.empty(), List.copyOf(problems));
  }

  /** Today's locked anonymous mapping; a plain off-heap segment when even that cannot be had. */
  private static Slab mapped(Kernel k, int capacity, LockMemory mode, Optional<String> fallback) {
    long[] sizes = sizes(k, capacity);
    long page = (sizes[1] - sizes[0]) / 2;
    Arena arena = Arena.ofShared();
    MemorySegment data;
    try {
      data = reserve(k, sizes[1], arena).asSlice(page, sizes[0]);
      k.mprotect(data, Kernel.PROT_READ_WRITE);
    } catch (NativeCallException e) {
      arena.close();
      return offHeap(capacity, mode, e.getMessage());
    }
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
    return new Slab(arena, data, Optional.of(k), MMAP, locked, dontDump, wipeOnFork, false, true, fallback,
        List.copyOf(problems));
  }

  private static Slab offHeap(int capacity, LockMemory mode, String reason) {
    if (mode == LockMemory.REQUIRED) {
      throw MemoryLockException.unavailable(reason);
    }
    Arena arena = Arena.ofShared();
    MemorySegment data = arena.allocate(capacity, SlotAllocator.ALIGNMENT);
    return new Slab(arena, data, Optional.empty(), PLAIN, false, false, false, false, false, Optional.empty(),
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

  private static void closeQuietly(Kernel k, int fd) {
    try {
      k.close(fd);
    } catch (NativeCallException e) {
      LOG.warn("could not close the secret memory's file descriptor ({})", e.getMessage());
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

  /**
   * Wipes the data pages, unlocks them (an {@code mmap} slab; {@code memfd_secret} pages stay locked until unmapped)
   * and unmaps (or frees) the region.
   */
  void close() {
    data.fill((byte) 0);
    List<String> problems = new ArrayList<>();
    if (locked && backend.equals(MMAP) && !attempt(() -> kernel.orElseThrow().munlock(data), problems)) {
      LOG.warn("could not unlock the secret memory ({})", problems.getFirst());
    }
    arena.close();
  }
}
