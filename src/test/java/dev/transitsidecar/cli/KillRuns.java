package dev.transitsidecar.cli;

import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.devvault.SeenRequest;
import dev.transitsidecar.reliability.ReliabilityReport;
import dev.transitsidecar.testing.ChildClassPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What the SIGKILL tests share: a CLI command in a child JVM (the test class path, from {@link ChildClassPath}'s jars
 * and AOT cache, so its logs reach the build's leak check through logback-test.xml, and its output goes to
 * {@code log}), where to aim the kills ({@link Aim}), and the figures of a series of kills for the
 * {@code 5-durability} report: when each kill landed, where it left the file, and the failures.
 */
final class KillRuns {
  private final List<Long> killMillis = new ArrayList<>();
  private final Map<String, Integer> outcomes = new TreeMap<>();
  private final List<String> failures = new ArrayList<>();

  private static boolean trained;

  /**
   * Once per test JVM, before a test's first child: {@code rotate --dry-run} (the same start-up, configuration and
   * Vault client as the commands killed, nothing changed) as the training run of the children's AOT cache, waited
   * for; every child after it, calibration runs included, starts from the cache alike. Its requests reach the engine,
   * so a test calls this before it clears the engine's record of requests.
   */
  static synchronized void train(Map<String, String> env, Path log) throws Exception {
    if (!trained) {
      trained = true;
      Process training = launch(ChildClassPath.training(), env, log, "rotate", "--dry-run");
      if (!training.waitFor(120, TimeUnit.SECONDS)) {
        training.destroyForcibly().waitFor();
      }
    }
  }

  /** Starts {@code args} in a child JVM, from the AOT cache once {@link #train} has made it. */
  static Process start(Map<String, String> env, Path log, String... args) throws Exception {
    return launch(ChildClassPath.options(), env, log, args);
  }

  private static Process launch(List<String> classPath, Map<String, String> env, Path log, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    command.addAll(classPath);
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    command.addAll(List.of("--config", "sidecar.yaml"));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    return builder.start();
  }

  /**
   * Where to aim the kills of a command, from an unkilled run: after each request it made to Vault, the time to the
   * next (the answer's latency and the work in between), and after the last, {@code latency} (that answer). A kill
   * waits for a random one of those requests, from the last read before the first write ({@code from}, 1-based) to
   * the last, and lands at a random point of the time after it: every step from the one before the command's first
   * change is hit, however fast or slow the child gets there on a busy machine. (Before that it has only logged in
   * and read, and a kill there leaves nothing to check.)
   */
  record Aim(int from, List<Long> gapNanos) {
    static Aim of(List<SeenRequest> seen, Duration latency) {
      List<Long> gaps = new ArrayList<>();
      for (int i = 0; i + 1 < seen.size(); i++) {
        gaps.add(Duration.between(seen.get(i).time(), seen.get(i + 1).time()).toNanos());
      }
      gaps.add(latency.toNanos());
      int firstWrite = 0;
      while (firstWrite < seen.size() - 1 && seen.get(firstWrite).method().equals("GET")) {
        firstWrite++;
      }
      return new Aim(Math.max(1, firstWrite), List.copyOf(gaps));
    }

    /** From the first request to the last answer, in ms. */
    long millis() {
      return TimeUnit.NANOSECONDS.toMillis(gapNanos.stream().mapToLong(Long::longValue).sum());
    }

    /** "requests 2 to 7 of the 7", for a report. */
    String describe() {
      return "requests " + from + " to " + gapNanos.size() + " of the " + gapNanos.size();
    }

    /** Waits for a random one of the requests {@code child} makes to reach {@code engine}, then part of the time after. */
    void await(DevVault engine, Process child, Random random) {
      int after = from + random.nextInt(gapNanos.size() - from + 1);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (engine.requests().size() < after && child.isAlive() && System.nanoTime() < deadline) {
        LockSupport.parkNanos(1_000_000);
      }
      LockSupport.parkNanos((long) (random.nextDouble() * gapNanos.get(after - 1)));
    }
  }

  /** The runs at the size of this build: {@code property} if set, else {@code quick} (200 in the reliability profile). */
  static int runs(String property, int quick) {
    return Integer.getInteger(property, ReliabilityReport.scale(quick, 200));
  }

  void killed(long millisAfterStart, String outcome) {
    killMillis.add(millisAfterStart);
    outcomes.merge(outcome, 1, Integer::sum);
  }

  void failed(String failure) {
    failures.add(failure);
  }

  List<String> failures() {
    return List.copyOf(failures);
  }

  /** One table row: command, runs, kill points (ms after start: min / median / max), outcomes, failures. */
  List<Object> row(String command) {
    List<Long> sorted = killMillis.stream().sorted().toList();
    String spread = sorted.isEmpty() ? "-" : sorted.getFirst() + " / " + sorted.get(sorted.size() / 2) + " / "
        + sorted.getLast();
    StringBuilder states = new StringBuilder();
    outcomes.forEach((state, n) -> states.append(states.isEmpty() ? "" : "; ").append(state).append(": ").append(n));
    return List.of(command, killMillis.size(), spread, states.toString(), failures.size());
  }

  static final List<String> HEADER = List.of("command", "runs", "kill at, ms after start (min / median / max)",
      "state after the kill", "failures");
}
