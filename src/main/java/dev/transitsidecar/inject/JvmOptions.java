package dev.transitsidecar.inject;

import java.util.List;

/**
 * The JVM options of the sidecar container, given through {@code JAVA_TOOL_OPTIONS} by the injected container, the
 * image's {@code Dockerfile} and its entry point ({@code scripts/runtime/run}), whose AOT cache is made with exactly
 * these (tests keep them equal). Chosen with {@code bench/run} (docs/performance.md) for a process that every pod pays
 * for and that mostly idles: the serial collector; a 24 MiB heap cap, about three times the live set measured after
 * a load of derive and encrypt requests (7.3 MiB after a full collection), since under load the serial collector
 * grows the heap towards its cap and keeps it, so the cap is what the heap adds to the resident size; small thread
 * stacks, a bounded code cache, freed native memory given back every
 * second, one processor's worth of JVM threads, exit on out-of-memory so the kubelet restarts it, and C1 only: with C2
 * as well the sidecar derived keys 3.5 times as fast but started 0.6 s later and held 22 MiB more; a pod that needs
 * the throughput can drop {@code -XX:TieredStopAtLevel=1} (the AOT cache is then used in part or not at all).
 * Compact object headers are left out: the live set went from 7.3 to 6.9 MiB, but the AOT cache grew by 3.5 MB and
 * the resident size did not fall.
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
      "-Xmx24m",
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
