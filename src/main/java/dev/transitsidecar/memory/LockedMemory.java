package dev.transitsidecar.memory;

import dev.transitsidecar.config.LockMemory;
import dev.transitsidecar.config.MemoryBackend;
import dev.transitsidecar.http.StatusContributor;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's one slab of locked, non-dumpable, off-heap memory for secrets (docs/secrets-and-cache.md). Thread-safe.
 * Secrets are held as {@link SecretBytes} slots taken from it; a slot is wiped as soon as it is closed, and
 * {@link #close()} wipes the whole slab. The layout is described in the package documentation.
 */
public final class LockedMemory implements AutoCloseable {
  /** The default slab: 32 KiB of data pages, so slab and guard pages stay well inside a 64 KiB memlock limit. */
  public static final int DEFAULT_CAPACITY = 32 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(LockedMemory.class);

  private final Slab slab;
  private final LockMemory mode;
  private final SlotAllocator slots;
  private volatile boolean open = true;
  private MemoryMetrics metrics;

  private LockedMemory(Slab slab, LockMemory mode) {
    this.slab = slab;
    this.mode = mode;
    this.slots = new SlotAllocator((int) slab.data().byteSize());
  }

  /**
   * Hardens the process once at start: {@code prctl(PR_SET_DUMPABLE, 0)} and the soft {@code RLIMIT_CORE} set to 0
   * (the hard limit is kept). Returns what it did, for the log; never throws.
   */
  public static Hardening hardenProcess() {
    Optional<Kernel> kernel = Kernel.linux();
    return kernel.map(LockedMemory::harden).orElse(new Hardening(false, false));
  }

  static Hardening harden(Kernel kernel) {
    boolean nonDumpable = succeeds(() -> kernel.prctl(Kernel.PR_SET_DUMPABLE, 0));
    boolean coreLimitZero = succeeds(() -> kernel.setrlimit(Kernel.RLIMIT_CORE,
        new Kernel.Rlimit(0, kernel.getrlimit(Kernel.RLIMIT_CORE).hard())));
    return new Hardening(nonDumpable, coreLimitZero);
  }

  private static boolean succeeds(Runnable call) {
    try {
      call.run();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Maps {@code capacityBytes} rounded up to whole pages, with a {@code PROT_NONE} guard page on each side, from the
   * first backend {@code backend} allows that works:
   * <ul>
   *   <li>{@code memfd_secret}: pages the kernel removes from its direct map, locks (they count against
   *       {@code RLIMIT_MEMLOCK}) and leaves out of core dumps; advised {@code MADV_DONTDUMP} and
   *       {@code MADV_DONTFORK} on top. {@code mode} has nothing to add: they are locked whatever it says.
   *   <li>{@code mmap}: anonymous pages advised {@code MADV_DONTDUMP} and {@code MADV_WIPEONFORK} (separately) and
   *       {@code mlock}ed. With {@link LockMemory#REQUIRED} a failed lock throws {@link MemoryLockException} (one line
   *       that says how to raise the limit); with {@link LockMemory#PREFERRED} it logs one warning and carries on
   *       unlocked; with {@link LockMemory#OFF} it does not try.
   * </ul>
   * {@link MemoryBackend#AUTO} falls back from a refused {@code memfd_secret} to {@code mmap} with one INFO line that
   * names the errno; {@link MemoryBackend#MEMFD_SECRET} throws {@link MemoryLockException} instead. Where these calls
   * do not exist (not Linux x86_64/aarch64), {@code REQUIRED} and {@code MEMFD_SECRET} fail and the others use a plain
   * off-heap segment.
   *
   * @param capacityBytes positive; {@link #DEFAULT_CAPACITY} unless there is a reason
   */
  public static LockedMemory allocate(int capacityBytes, LockMemory mode, MemoryBackend backend) {
    return allocate(capacityBytes, mode, backend, Kernel.linux());
  }

  /** {@link #allocate(int, LockMemory, MemoryBackend)} with {@link MemoryBackend#AUTO}. */
  public static LockedMemory allocate(int capacityBytes, LockMemory mode) {
    return allocate(capacityBytes, mode, MemoryBackend.AUTO);
  }

  static LockedMemory allocate(int capacityBytes, LockMemory mode, MemoryBackend backend, Optional<Kernel> kernel) {
    if (capacityBytes <= 0) {
      throw new IllegalArgumentException("the locked memory's capacity must be positive, not " + capacityBytes);
    }
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(backend, "backend");
    Slab slab = Slab.open(kernel, capacityBytes, mode, backend);
    report(slab, mode);
    return new LockedMemory(slab, mode);
  }

  private static void report(Slab slab, LockMemory mode) {
    slab.fallback().ifPresent(reason -> LOG.info("secret memory: memfd_secret is not available ({}: {}), using an"
        + " anonymous mmap instead", reason, Fallback.hint(reason)));
    String problems = String.join("; ", slab.problems());
    long kib = slab.data().byteSize() / 1024;
    if (mode == LockMemory.PREFERRED && !slab.locked()) {
      LOG.warn("secret memory is NOT locked and may be swapped to disk ({}); transit_sidecar_memory_locked is 0; {}",
          problems, slab.guarded() ? "raise the locked-memory limit (ulimit -l, the container runtime's memlock"
              + " ulimit) or grant CAP_IPC_LOCK, or set cache.lockMemory to off to silence this"
              : "this platform cannot lock memory: set cache.lockMemory to off to silence this");
    } else if (mode != LockMemory.OFF && !problems.isEmpty()) {
      LOG.warn("secret memory: {} KiB {}, locked={}, but not fully protected ({})", kib, slab.backend(),
          slab.locked(), problems);
    } else if (!problems.isEmpty() && !slab.locked()) {
      LOG.info("secret memory: {} KiB {}, not locked (cache.lockMemory is off; {})", kib, slab.backend(), problems);
    } else if (!problems.isEmpty()) {
      LOG.info("secret memory: {} KiB {}, locked=true ({})", kib, slab.backend(), problems);
    } else if (slab.backend().equals(Slab.MEMFD_SECRET)) {
      LOG.info("secret memory: {} KiB memfd_secret (outside the kernel's direct map), locked=true, guard pages,"
          + " not dumped, not inherited on fork", kib);
    } else {
      LOG.info("secret memory: {} KiB mmap, locked={}, guard pages, not dumped, wiped on fork", kib, slab.locked());
    }
  }

  /** {@code memfd_secret}, {@code mmap}, or {@code plain} (off-heap memory where neither exists). */
  public String backend() {
    return slab.backend();
  }

  /** Whether the data pages are locked: {@code mlock} succeeded, or they are {@code memfd_secret} pages. */
  public boolean locked() {
    return slab.locked();
  }

  /** The usable bytes: the requested capacity rounded up to whole pages. */
  public int capacity() {
    return slots.capacity();
  }

  /** Bytes held by slots, each counted with its 16-byte alignment. */
  public int used() {
    synchronized (slots) {
      return slots.used();
    }
  }

  /** Slots currently taken. */
  public int slots() {
    synchronized (slots) {
      return slots.slots();
    }
  }

  public LockMemory mode() {
    return mode;
  }

  /**
   * A zeroed slot of {@code length} bytes (16-byte aligned), which the caller must close.
   *
   * @throws SlabFullException when no free block is large enough
   * @throws IllegalStateException after {@link #close()}
   */
  public SecretBytes take(int length) {
    if (length < 0) {
      throw new IllegalArgumentException("a slot's length cannot be negative");
    }
    synchronized (slots) {
      requireOpen();
      OptionalInt offset = slots.take(length);
      if (offset.isEmpty()) {
        throw new SlabFullException(length, slots.used(), slots.capacity());
      }
      MemorySegment slot = slab.data().asSlice(offset.getAsInt(), length);
      slot.fill((byte) 0);
      return new SecretBytes(this, offset.getAsInt(), slot);
    }
  }

  /** Wipes a slot's whole footprint and returns it to the free list. A no-op once the slab is closed. */
  void free(int offset) {
    synchronized (slots) {
      if (!open) {
        return;
      }
      int size = slots.release(offset);
      slab.data().asSlice(offset, size).fill((byte) 0);
    }
  }

  void requireOpen() {
    if (!open) {
      throw new IllegalStateException("the locked memory is closed");
    }
  }

  /**
   * Registers {@code transit_sidecar_memory_locked} (0/1), {@code transit_sidecar_memory_used_bytes} and
   * {@code transit_sidecar_memory_backend{backend}} (1).
   */
  public void bindTo(MeterRegistry registry) {
    synchronized (slots) {
      requireOpen();
      if (metrics == null) {
        metrics = new MemoryMetrics(registry, this);
      }
    }
  }

  /** The {@code memory} section of the status document: locked, mode, capacity, used, slots and the protections. */
  public StatusContributor status() {
    return new MemoryStatus(this);
  }

  Slab slab() {
    return slab;
  }

  /** Wipes every slot, unlocks and unmaps the slab, and removes the metrics. Idempotent. */
  @Override
  public void close() {
    synchronized (slots) {
      if (!open) {
        return;
      }
      open = false;
      if (metrics != null) {
        metrics.close();
      }
      slab.close();
    }
  }
}
