package dev.transitsidecar.config;

/**
 * {@code cache.memoryBackend}: where the secret memory comes from; spelled {@code auto}, {@code memfd_secret} or
 * {@code mmap} in YAML (docs/secrets-and-cache.md).
 */
public enum MemoryBackend {
  /** {@code memfd_secret} where the kernel allows it, otherwise a locked anonymous {@code mmap}. */
  AUTO,
  /** {@code memfd_secret} or no start. */
  MEMFD_SECRET,
  /** A locked anonymous {@code mmap}, as before {@code memfd_secret} was used. */
  MMAP
}
