package dev.transitsidecar.memory;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** The real kernel, recording each call by name and refusing the ones named in {@code refuse} (errno ENOMEM/EPERM). */
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
      throw new NativeCallException(name, name.equals("mlock") ? 12 : 1);
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
