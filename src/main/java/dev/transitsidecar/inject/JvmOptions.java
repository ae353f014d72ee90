package dev.transitsidecar.inject;

import java.util.List;

/**
 * The JVM options of the sidecar container, given through {@code JAVA_TOOL_OPTIONS} both by the injected container
 * and by the image's {@code Dockerfile} (a test keeps the two equal). <strong>Provisional:</strong> chosen for a
 * small, single-purpose process (serial GC, a heap bounded by the container's memory limit, small thread stacks,
 * C1 only for a quick start, one processor's worth of JVM threads, exit on out-of-memory so the kubelet restarts
 * it), until the performance issue measures them.
 */
final class JvmOptions {
  static final List<String> LIST = List.of(
      "-XX:+UseSerialGC",
      "-XX:MaxRAMPercentage=70",
      "-Xss256k",
      "-XX:TieredStopAtLevel=1",
      "-XX:+ExitOnOutOfMemoryError",
      "-XX:ActiveProcessorCount=1");

  private JvmOptions() {}
}
