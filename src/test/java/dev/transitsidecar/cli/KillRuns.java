package dev.transitsidecar.cli;

import dev.transitsidecar.reliability.ReliabilityReport;
import dev.transitsidecar.testing.ChildClassPath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the SIGKILL tests share: a CLI command in a child JVM (the test class path, so its logs reach the build's leak
 * check through logback-test.xml, and its output goes to {@code log}), and the figures of a series of kills for the
 * {@code 5-durability} report: when each kill landed, where it left the file, and the failures.
 */
final class KillRuns {
  private final List<Long> killMillis = new ArrayList<>();
  private final Map<String, Integer> outcomes = new TreeMap<>();
  private final List<String> failures = new ArrayList<>();

  static Process start(Map<String, String> env, Path log, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    command.addAll(ChildClassPath.options());
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    command.addAll(List.of("--config", "sidecar.yaml"));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    return builder.start();
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
