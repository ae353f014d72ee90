package dev.transitsidecar.memory;

import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.Optional;

/**
 * The few Linux memory and process calls the slab needs, behind an interface so that tests can refuse one of them.
 * Every method that can fail throws {@link NativeCallException} carrying the call's errno, which is read only when
 * the call reported failure.
 */
interface Kernel {
  int PROT_NONE = 0;
  int PROT_READ_WRITE = 3;
  int MADV_DONTFORK = 10;
  int MADV_DONTDUMP = 16;
  int MADV_WIPEONFORK = 18;
  int PR_GET_DUMPABLE = 3;
  int PR_SET_DUMPABLE = 4;
  int RLIMIT_CORE = 4;
  int RLIMIT_MEMLOCK = 8;

  /** The Linux kernel through libc, or empty on any other platform (or where libc lacks one of the calls). */
  static Optional<Kernel> linux() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    boolean supported = os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64")
        || arch.equals("aarch64"));
    return supported ? Libc.load() : Optional.empty();
  }

  long pageSize();

  /** A private anonymous mapping of {@code length} bytes with protection {@code prot}; its address, zero-length. */
  MemorySegment mmap(long length, int prot);

  void munmap(MemorySegment address, long length);

  /**
   * {@code memfd_secret(FD_CLOEXEC)} (Linux 5.14+, system call 447 on x86_64 and aarch64): a file descriptor whose
   * pages, once mapped, are removed from the kernel's direct map and locked.
   */
  int memfdSecret();

  void ftruncate(int fd, long length);

  /**
   * Maps {@code length} bytes of {@code fd} shared and read-write at exactly {@code at} ({@code MAP_FIXED}), replacing
   * what was mapped there; {@code at} is a slice of a mapping the caller owns.
   */
  void mmapShared(MemorySegment at, long length, int fd);

  void close(int fd);

  void mprotect(MemorySegment region, int prot);

  void mlock(MemorySegment region);

  void munlock(MemorySegment region);

  void madvise(MemorySegment region, int advice);

  /** {@code prctl(option, arg, 0, 0, 0)}; its non-negative result. */
  int prctl(int option, long arg);

  Rlimit getrlimit(int resource);

  void setrlimit(int resource, Rlimit limit);

  /** A {@code struct rlimit}; {@link #INFINITY} is {@code RLIM_INFINITY}. */
  record Rlimit(long soft, long hard) {
    static final long INFINITY = -1L;

    /** The soft limit for a message: {@code 8 KiB} or {@code unlimited}. */
    String softForHumans() {
      return soft == INFINITY ? "unlimited" : (soft / 1024) + " KiB";
    }
  }
}
