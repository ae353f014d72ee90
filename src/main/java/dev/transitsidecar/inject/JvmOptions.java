package dev.transitsidecar.inject;

import java.util.List;

/**
 * The JVM options of the sidecar container, given through {@code JAVA_TOOL_OPTIONS} both by the injected container
 * and by the image's {@code Dockerfile} (a test keeps the two equal), and glibc's arena limit beside them. Chosen with
 * {@code bench/run} (README, "Performance"): the serial collector and a fixed 32 MiB heap (the sidecar's live data is
 * a few MiB, but under load the serial collector lets the heap grow to its cap and keeps it, so the cap is what the
 * heap adds to the resident size: 64 MiB measured 160 MiB resident after a burst of encrypts), small thread stacks, a bounded code
 * cache, freed native memory given back to the system every second, one processor's worth of JVM threads, and exit on
 * out-of-memory so the kubelet restarts it. Both compilers stay on: C1 alone started no faster here but derived keys
 * at a third of the rate.
 */
final class JvmOptions {
  static final List<String> LIST = List.of(
      "-XX:+UseSerialGC",
      "-Xmx32m",
      "-Xss256k",
      "-XX:ReservedCodeCacheSize=32m",
      "-XX:TrimNativeHeapInterval=1000",
      "-XX:+ExitOnOutOfMemoryError",
      "-XX:ActiveProcessorCount=1");

  /** {@code MALLOC_ARENA_MAX}: two glibc malloc arenas instead of eight per processor, each holding freed memory. */
  static final String MALLOC_ARENAS = "2";

  private JvmOptions() {}
}
