package dev.transitsidecar.inject;

import java.util.List;

/**
 * The JVM options of the sidecar container, given through {@code JAVA_TOOL_OPTIONS} both by the injected container
 * and by the image's {@code Dockerfile} (a test keeps the two equal), and glibc's arena limit beside them. Chosen with
 * {@code bench/run} (README, "Performance") for a process that every pod pays for and that mostly idles: the serial
 * collector and a fixed 32 MiB heap (the live data is a few MiB, but under load the serial collector grows the heap to
 * its cap and keeps it, so the cap is what the heap adds to the resident size), small thread stacks, a bounded code
 * cache, freed native memory given back every second, one processor's worth of JVM threads, exit on out-of-memory so
 * the kubelet restarts it, and C1 only: with C2 as well the sidecar derived keys 3.5 times as fast but started 0.6 s
 * later (1.8 s against 1.2 s) and held 22 MiB more; a pod that needs the throughput can drop
 * {@code -XX:TieredStopAtLevel=1}.
 *
 * <p>Crashes (docs/reliability.md#crash-files): a fatal error report ({@code hs_err_pid*.log}) holds the registers and
 * raw stack and memory words near the crash, where key material can be, so it is written nowhere
 * ({@code -XX:ErrorFile=/dev/null}); the JVM still prints the short summary (signal, problematic frame, version) to
 * the container's output, which names code, never data. No core dump is attempted ({@code -CreateCoredumpOnCrash};
 * the process also sets its core limit to 0 and is not dumpable). Helpful NullPointerException messages stay on
 * ({@code +ShowCodeDetailsInExceptionMessages}, the JDK's default made explicit): they describe the code (which
 * variable or field was null), never a value, and the sidecar logs only the class of an unexpected exception.
 */
final class JvmOptions {
  static final List<String> LIST = List.of(
      "-XX:+UseSerialGC",
      "-Xmx32m",
      "-Xss256k",
      "-XX:ReservedCodeCacheSize=32m",
      "-XX:TrimNativeHeapInterval=1000",
      "-XX:TieredStopAtLevel=1",
      "-XX:+ExitOnOutOfMemoryError",
      "-XX:ActiveProcessorCount=1",
      "-XX:ErrorFile=/dev/null",
      "-XX:-CreateCoredumpOnCrash",
      "-XX:+ShowCodeDetailsInExceptionMessages");

  /** {@code MALLOC_ARENA_MAX}: two glibc malloc arenas instead of eight per processor, each holding freed memory. */
  static final String MALLOC_ARENAS = "2";

  private JvmOptions() {}
}
