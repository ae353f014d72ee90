package dev.transitsidecar.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.reliability.MixedLoad.Outcome;
import dev.transitsidecar.reliability.ProcSamples.Sample;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The soak's verdicts from its samples: no error; RSS at the end at most 10 % above RSS at the end of the warm-up;
 * file descriptors and threads in the last minute no higher than in the first minute after the warm-up (a tolerance of
 * {@value #FD_TOLERANCE} descriptors for connections opening and closing, {@value #THREAD_TOLERANCE} threads for pools
 * that start a thread late, once).
 */
record SoakVerdicts(List<Sample> samples, Duration warmUp, long requests, Map<Outcome, Long> outcomes,
    long[] sortedLatencyMillis) {
  static final double RSS_GROWTH_LIMIT = 0.10;
  static final long FD_TOLERANCE = 4;
  static final long THREAD_TOLERANCE = 2;
  static final Duration WINDOW = Duration.ofMinutes(1);

  long errors() {
    return requests - outcomes.getOrDefault(Outcome.OK, 0L);
  }

  Sample atWarmUp() {
    return samples.stream().filter(s -> s.at().compareTo(warmUp) >= 0).findFirst().orElse(samples.getLast());
  }

  Sample end() {
    return samples.getLast();
  }

  double rssGrowth() {
    return (double) (end().rssKib() - atWarmUp().rssKib()) / atWarmUp().rssKib();
  }

  /** The highest value in the first minute after the warm-up and in the last minute. */
  long[] firstAndLastWindow(ToLongFunction<Sample> field) {
    Duration endAt = end().at();
    long first = samples.stream().filter(s -> s.at().compareTo(warmUp) >= 0 && s.at().compareTo(warmUp.plus(WINDOW)) < 0)
        .mapToLong(field).max().orElse(field.applyAsLong(atWarmUp()));
    long last = samples.stream().filter(s -> s.at().compareTo(endAt.minus(WINDOW)) >= 0).mapToLong(field).max()
        .orElse(field.applyAsLong(end()));
    return new long[] {first, last};
  }

  boolean rssMet() {
    return rssGrowth() < RSS_GROWTH_LIMIT;
  }

  boolean fdsMet() {
    long[] w = firstAndLastWindow(Sample::fds);
    return w[1] - w[0] <= FD_TOLERANCE;
  }

  boolean threadsMet() {
    long[] w = firstAndLastWindow(Sample::threads);
    return w[1] - w[0] <= THREAD_TOLERANCE;
  }

  void assertMet() {
    assertThat(errors()).as("requests that did not succeed: " + outcomes).isZero();
    assertThat(rssGrowth()).as("RSS growth after the warm-up").isLessThan(RSS_GROWTH_LIMIT);
    assertThat(fdsMet()).as("file descriptors, first vs last minute: " + Arrays.toString(firstAndLastWindow(
        Sample::fds))).isTrue();
    assertThat(threadsMet()).as("threads, first vs last minute: " + Arrays.toString(firstAndLastWindow(
        Sample::threads))).isTrue();
  }

  String markdown(int rate, Duration length, String jvmOptions, String memoryLimit) {
    StringBuilder out = new StringBuilder("## Soak\n\n");
    out.append("Date: ").append(LocalDate.now()).append(". Command: `mvn -B -Preliability verify` (test `SoakIT`; ")
        .append("skipped in the default build). Machine: ").append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs, Java ").append(Runtime.version()).append(".\n\n");
    out.append("The packaged jar (`java -jar target/transit-sidecar.jar run`) with the image's JVM options (`")
        .append(jvmOptions).append("`) and `-XX:MaxRAM=").append(memoryLimit).append("` (the injected container's ")
        .append("memory limit), against the embedded engine in the test's JVM, under ").append(rate)
        .append(" requests a second (open loop, the four classes in turn: derive, cached decrypt, uncached decrypt of ")
        .append("100-byte plaintexts, encrypt) for ").append(length.toSeconds()).append(" s; RSS ")
        .append("(`/proc/PID/status` VmRSS), open file descriptors (`/proc/PID/fd`) and threads (`Threads`) sampled ")
        .append("every 5 s. Warm-up: the first ").append(warmUp.toSeconds()).append(" s.\n\n");
    List<List<?>> rows = new ArrayList<>();
    rows.add(row("start", samples.getFirst()));
    rows.add(row("after warm-up", atWarmUp()));
    rows.add(row("end", end()));
    rows.add(Arrays.asList("max", "-", mib(samples.stream().mapToLong(Sample::rssKib).max().orElse(0)),
        samples.stream().mapToLong(Sample::fds).max().orElse(0),
        samples.stream().mapToLong(Sample::threads).max().orElse(0)));
    out.append(ReliabilityReport.table(List.of("sample", "at", "RSS", "open fds", "threads"), rows)).append('\n');
    long[] fds = firstAndLastWindow(Sample::fds);
    long[] threads = firstAndLastWindow(Sample::threads);
    out.append("- requests: ").append(requests).append(", errors: ").append(errors()).append(" (target 0; by outcome: ")
        .append(outcomes).append("): ").append(met(errors() == 0)).append('\n');
    out.append("- latency of all requests: p50 ").append(percentile(0.50)).append(" ms, p99 ").append(percentile(0.99))
        .append(" ms, max ").append(percentile(1.0)).append(" ms\n");
    out.append(String.format("- RSS growth after the warm-up: %+.1f %% (target < 10 %%): %s%n", rssGrowth() * 100,
        met(rssMet())));
    out.append("- open fds, highest in the first minute after the warm-up / in the last minute: ").append(fds[0])
        .append(" / ").append(fds[1]).append(" (no growth; tolerance ").append(FD_TOLERANCE).append("): ")
        .append(met(fdsMet())).append('\n');
    out.append("- threads, the same: ").append(threads[0]).append(" / ").append(threads[1]).append(" (no growth; ")
        .append("tolerance ").append(THREAD_TOLERANCE).append("): ").append(met(threadsMet())).append('\n');
    return out.toString();
  }

  private long percentile(double p) {
    if (sortedLatencyMillis.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p * sortedLatencyMillis.length) - 1;
    return sortedLatencyMillis[Math.max(0, Math.min(index, sortedLatencyMillis.length - 1))];
  }

  private static List<Object> row(String name, Sample s) {
    return List.of(name, s.at().toSeconds() + " s", mib(s.rssKib()), s.fds(), s.threads());
  }

  private static String mib(long kib) {
    return String.format("%.1f MiB", kib / 1024.0);
  }

  private static String met(boolean met) {
    return met ? "met" : "**NOT met**";
  }
}
