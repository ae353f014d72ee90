package dev.transitsidecar.memory;

/**
 * {@code cache.lockMemory: required} and the secret memory could not be locked, or {@code cache.memoryBackend:
 * memfd_secret} and the kernel refused {@code memfd_secret}. The message is one line that says
 * what failed and how to raise the limit; there is no stack trace, as this is for the operator to fix.
 */
public final class MemoryLockException extends RuntimeException {
  private static final String HOW_TO_FIX = "raise the locked-memory limit (RLIMIT_MEMLOCK: `ulimit -l %d` or"
      + " systemd LimitMEMLOCK for a process; in Kubernetes the node's container runtime default memlock ulimit)"
      + " or grant CAP_IPC_LOCK in the container's securityContext (capabilities.add: [IPC_LOCK]),"
      + " or set cache.lockMemory to preferred";

  private MemoryLockException(String message) {
    super(message, null, false, false);
  }

  static MemoryLockException mlockFailed(long bytes, String failure, String softLimit) {
    long neededKiB = Math.max(64, bytes / 1024);
    return new MemoryLockException("cache.lockMemory is required but locking " + (bytes / 1024)
        + " KiB of secret memory failed (" + failure + ", RLIMIT_MEMLOCK " + softLimit + "): "
        + HOW_TO_FIX.formatted(neededKiB));
  }

  static MemoryLockException unavailable(String reason) {
    return new MemoryLockException("cache.lockMemory is required but secret memory cannot be locked here ("
        + reason + "); run on Linux x86_64 or aarch64, or set cache.lockMemory to preferred or off");
  }

  static MemoryLockException memfdSecretUnavailable(String reason) {
    return new MemoryLockException("cache.memoryBackend is memfd_secret but the kernel refused it (" + reason + "): "
        + Fallback.hint(reason) + "; or set cache.memoryBackend to auto (memfd_secret where it works, else mmap)"
        + " or mmap");
  }
}
