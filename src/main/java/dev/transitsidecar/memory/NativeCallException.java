package dev.transitsidecar.memory;

import java.util.Map;

/** A libc call returned failure; the message names the call and the errno (for example {@code mlock: ENOMEM}). */
final class NativeCallException extends RuntimeException {
  private static final Map<Integer, String> NAMES = Map.of(1, "EPERM", 9, "EBADF", 11, "EAGAIN", 12,
      "ENOMEM", 13, "EACCES", 14, "EFAULT", 22, "EINVAL", 24, "EMFILE", 38, "ENOSYS");

  private final int errno;

  NativeCallException(String call, int errno) {
    super(call + ": " + NAMES.getOrDefault(errno, "errno " + errno), null, false, false);
    this.errno = errno;
  }

  int errno() {
    return errno;
  }
}
