package dev.transitsidecar.memory;

/** What a refused {@code memfd_secret} most likely means, from the errno its failure names. */
final class Fallback {
  private Fallback() {}

  /** A short cause for a failure message such as {@code memfd_secret: ENOSYS} or {@code mmap(MAP_SHARED): EAGAIN}. */
  static String hint(String failure) {
    if (failure.startsWith("no mmap/mlock")) {
      return "memfd_secret needs Linux x86_64 or aarch64";
    }
    if (failure.endsWith("ENOSYS")) {
      return "this kernel has no memfd_secret (Linux 5.14 or later; older kernels need the boot parameter"
          + " secretmem.enable=1)";
    }
    if (failure.endsWith("EPERM")) {
      return "memfd_secret was refused, typically by the container's seccomp profile";
    }
    if (failure.endsWith("EAGAIN") || failure.endsWith("ENOMEM")) {
      return "memfd_secret pages are locked and count against RLIMIT_MEMLOCK, which is too low for them (raise it"
          + " or grant CAP_IPC_LOCK)";
    }
    return "memfd_secret could not be set up";
  }
}
