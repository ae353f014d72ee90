package dev.transitsidecar.memory;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * {@link Kernel} through the Java foreign function API and the C library's own symbols ({@code defaultLookup}).
 * Each call captures {@code errno} in a per-call segment; it is read only when the call returned -1.
 */
final class Libc implements Kernel {
  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout ERRNO_STATE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO = ERRNO_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final MemorySegment MAP_FAILED = MemorySegment.ofAddress(-1L);
  private static final int MAP_PRIVATE_ANONYMOUS = 0x22;
  private static final int MAP_SHARED_FIXED = 0x11;
  /** {@code __NR_memfd_secret}: the same number on x86_64 and aarch64 (the only architectures {@link Kernel} allows). */
  private static final long SYS_MEMFD_SECRET = 447;
  /** {@code FD_CLOEXEC} as memfd_secret's flag ({@code O_CLOEXEC}, the same value on x86_64 and aarch64). */
  private static final int O_CLOEXEC = 0x80000;

  private final MethodHandle getpagesize;
  private final MethodHandle mmap;
  private final MethodHandle munmap;
  private final MethodHandle mprotect;
  private final MethodHandle mlock;
  private final MethodHandle munlock;
  private final MethodHandle madvise;
  private final MethodHandle prctl;
  private final MethodHandle getrlimit;
  private final MethodHandle setrlimit;
  private final MethodHandle syscall;
  private final MethodHandle ftruncate;
  private final MethodHandle close;

  private Libc(SymbolLookup libc) {
    getpagesize = LINKER.downcallHandle(find(libc, "getpagesize"), FunctionDescriptor.of(JAVA_INT));
    mmap = call(libc, "mmap", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT,
        JAVA_LONG));
    munmap = call(libc, "munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    mprotect = call(libc, "mprotect", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    mlock = call(libc, "mlock", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    munlock = call(libc, "munlock", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    madvise = call(libc, "madvise", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    prctl = LINKER.downcallHandle(find(libc, "prctl"),
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
        Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    getrlimit = call(libc, "getrlimit", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    setrlimit = call(libc, "setrlimit", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    syscall = LINKER.downcallHandle(find(libc, "syscall"), FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT),
        Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    ftruncate = call(libc, "ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    close = call(libc, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  }

  /** Empty when the C library lacks one of the symbols or native access is denied. */
  static Optional<Kernel> load() {
    try {
      return Optional.of(new Libc(LINKER.defaultLookup()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static MemorySegment find(SymbolLookup libc, String name) {
    return libc.find(name).orElseThrow(() -> new IllegalStateException("libc has no " + name));
  }

  private static MethodHandle call(SymbolLookup libc, String name, FunctionDescriptor descriptor) {
    return LINKER.downcallHandle(find(libc, name), descriptor, Linker.Option.captureCallState("errno"));
  }

  @Override
  public long pageSize() {
    try {
      return (int) getpagesize.invokeExact();
    } catch (Throwable t) {
      throw new IllegalStateException("getpagesize", t);
    }
  }

  @Override
  public MemorySegment mmap(long length, int prot) {
    return map("mmap", MemorySegment.NULL, length, prot, MAP_PRIVATE_ANONYMOUS, -1);
  }

  @Override
  public void mmapShared(MemorySegment at, long length, int fd) {
    MemorySegment address = map("mmap(MAP_SHARED)", at, length, PROT_READ_WRITE, MAP_SHARED_FIXED, fd);
    if (address.address() != at.address()) {
      throw new IllegalStateException("mmap(MAP_FIXED) mapped elsewhere than asked");
    }
  }

  private MemorySegment map(String name, MemorySegment at, long length, int prot, int flags, int fd) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(ERRNO_STATE);
      MemorySegment address = (MemorySegment) mmap.invokeExact(state, at, length, prot, flags, fd, 0L);
      if (address.address() == MAP_FAILED.address()) {
        throw new NativeCallException(name, (int) ERRNO.get(state, 0L));
      }
      return address;
    } catch (NativeCallException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(name, t);
    }
  }

  @Override
  public int memfdSecret() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(ERRNO_STATE);
      long fd = (long) syscall.invokeExact(state, SYS_MEMFD_SECRET, O_CLOEXEC);
      if (fd == -1) {
        throw new NativeCallException("memfd_secret", (int) ERRNO.get(state, 0L));
      }
      return Math.toIntExact(fd);
    } catch (NativeCallException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("memfd_secret", t);
    }
  }

  @Override
  public void ftruncate(int fd, long length) {
    checked("ftruncate", (state) -> (int) ftruncate.invokeExact(state, fd, length));
  }

  @Override
  public void close(int fd) {
    checked("close", (state) -> (int) close.invokeExact(state, fd));
  }

  @Override
  public void munmap(MemorySegment address, long length) {
    checked("munmap", (state) -> (int) munmap.invokeExact(state, address, length));
  }

  @Override
  public void mprotect(MemorySegment region, int prot) {
    checked("mprotect", (state) -> (int) mprotect.invokeExact(state, region, region.byteSize(), prot));
  }

  @Override
  public void mlock(MemorySegment region) {
    checked("mlock", (state) -> (int) mlock.invokeExact(state, region, region.byteSize()));
  }

  @Override
  public void munlock(MemorySegment region) {
    checked("munlock", (state) -> (int) munlock.invokeExact(state, region, region.byteSize()));
  }

  @Override
  public void madvise(MemorySegment region, int advice) {
    String name = advice == MADV_DONTDUMP ? "madvise(MADV_DONTDUMP)"
        : advice == MADV_WIPEONFORK ? "madvise(MADV_WIPEONFORK)"
        : advice == MADV_DONTFORK ? "madvise(MADV_DONTFORK)" : "madvise(" + advice + ")";
    checked(name, (state) -> (int) madvise.invokeExact(state, region, region.byteSize(), advice));
  }

  @Override
  public int prctl(int option, long arg) {
    return checked("prctl", (state) -> (int) prctl.invokeExact(state, option, arg, 0L, 0L, 0L));
  }

  @Override
  public Rlimit getrlimit(int resource) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment limit = arena.allocate(JAVA_LONG, 2);
      checked("getrlimit", (state) -> (int) getrlimit.invokeExact(state, resource, limit));
      return new Rlimit(limit.getAtIndex(JAVA_LONG, 0), limit.getAtIndex(JAVA_LONG, 1));
    }
  }

  @Override
  public void setrlimit(int resource, Rlimit value) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment limit = arena.allocate(JAVA_LONG, 2);
      limit.setAtIndex(JAVA_LONG, 0, value.soft());
      limit.setAtIndex(JAVA_LONG, 1, value.hard());
      checked("setrlimit", (state) -> (int) setrlimit.invokeExact(state, resource, limit));
    }
  }

  /** Runs a call that returns -1 on failure; reads errno only then. */
  private static int checked(String name, Call call) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(ERRNO_STATE);
      int result = call.invoke(state);
      if (result == -1) {
        throw new NativeCallException(name, (int) ERRNO.get(state, 0L));
      }
      return result;
    } catch (NativeCallException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(name, t);
    }
  }

  @FunctionalInterface
  private interface Call {
    int invoke(MemorySegment errnoState) throws Throwable;
  }
}
