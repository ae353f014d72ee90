package dev.transitsidecar.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Samples of another process from {@code /proc/PID}: resident memory (VmRSS), open file descriptors and threads. */
final class ProcSamples {
  /** One sample: when (since the first), RSS in KiB, open file descriptors, threads. */
  record Sample(Duration at, long rssKib, long fds, long threads) {}

  private final long pid;
  private final List<Sample> samples = new ArrayList<>();
  private long first = -1;
  private long last = -1;

  ProcSamples(long pid) {
    this.pid = pid;
  }

  /** Takes a sample when {@code every} has passed since the last one (measured from {@code start}). */
  void sampleIfDue(long start, Duration every) {
    long now = System.nanoTime();
    if (last < 0 || now - last >= every.toNanos()) {
      if (first < 0) {
        first = start;
      }
      sample(now);
    }
  }

  void sample(long now) {
    if (first < 0) {
      first = now;
    }
    last = now;
    Path proc = Path.of("/proc", Long.toString(pid));
    try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
      List<String> status = Files.readAllLines(proc.resolve("status"));
      samples.add(new Sample(Duration.ofNanos(now - first), field(status, "VmRSS:"), fds.count(),
          field(status, "Threads:")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/" + pid + " (has the sidecar exited?)", e);
    }
  }

  private static long field(List<String> status, String name) {
    return status.stream().filter(line -> line.startsWith(name))
        .map(line -> Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]))
        .findFirst().orElseThrow(() -> new IllegalStateException("no " + name + " in /proc/PID/status"));
  }

  List<Sample> all() {
    return List.copyOf(samples);
  }
}
