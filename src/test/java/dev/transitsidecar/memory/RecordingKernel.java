package dev.transitsidecar.memory;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real kernel, recording each call by name and refusing the ones named in {@code refuse}: {@code mlock} with
 * ENOMEM, {@code memfd_secret} with ENOSYS (a kernel without it), {@code mmap(MAP_SHARED)} with EAGAIN (the memlock
 * limit), the others with EPERM.
 */
final class RecordingKernel implements Kernel {
  private final Kernel real = Kernel.linux().orElseThrow();
  private final Set<String> refuse;
  final List<String> calls = new CopyOnWriteArrayList<>();

  RecordingKernel(String... refuse) {
    this.refuse = Set.of(refuse);
  }

  private void call(String name) {
    calls.add(name);
    if (refuse.contains(name)) {
      throw new NativeCallException(name, switch (name) {
        case "mlock" -> 12;
        case "memfd_secret" -> 38;
        case "mmap(MAP_SHARED)" -> 11;
        default -> 1;
      });
    }
  }

  @Override
  public long pageSize() {
    return real.pageSize();
  }

  @Override
  public MemorySegment mmap(long length, int prot) {
    call("mmap");
    return real.mmap(length, prot);
  }

  @Override
  public void munmap(MemorySegment address, long length) {
    call("munmap");
    real.munmap(address, length);
  }

  @Override
  public int memfdSecret() {
    call("memfd_secret");
    return real.memfdSecret();
  }

  @Override
  public void ftruncate(int fd, long length) {
    call("ftruncate");
    real.ftruncate(fd, length);
  }

  @Override
  public void mmapShared(MemorySegment at, long length, int fd) {
    call("mmap(MAP_SHARED)");
    real.mmapShared(at, length, fd);
  }

  @Override
  public void close(int fd) {
    call("close");
    real.close(fd);
  }

  @Override
  public void mprotect(MemorySegment region, int prot) {
    call("mprotect");
    real.mprotect(region, prot);
  }

  @Override
  public void mlock(MemorySegment region) {
    call("mlock");
    real.mlock(region);
  }

  @Override
  public void munlock(MemorySegment region) {
    call("munlock");
    real.munlock(region);
  }

  @Override
  public void madvise(MemorySegment region, int advice) {
    call("madvise(" + advice + ")");
    real.madvise(region, advice);
  }

  @Override
  public int prctl(int option, long arg) {
    call("prctl(" + option + ")");
    return option == PR_SET_DUMPABLE ? 0 : real.prctl(option, arg);
  }

  @Override
  public Rlimit getrlimit(int resource) {
    call("getrlimit(" + resource + ")");
    return resource == RLIMIT_MEMLOCK ? new Rlimit(8192, 8192) : real.getrlimit(resource);
  }

  @Override
  public void setrlimit(int resource, Rlimit limit) {
    call("setrlimit(" + resource + ")");
  }
}
