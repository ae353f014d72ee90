package dev.transitsidecar.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The section {@code 2-hostile-input} of the reliability report: one row per fuzzed target, collected from the
 * fuzz tests that ran in this JVM (surefire runs them all in one), rewritten each time a target finishes.
 */
public final class HostileInputReport {
  /** One target: what was generated, how many inputs, what was checked, and the outcome classes seen. */
  public record Row(String target, String generators, long inputs, String properties, String outcomes,
      String failures) {}

  private static final Map<String, Row> ROWS = new TreeMap<>();

  private HostileInputReport() {}

  public static synchronized void record(Row row) {
    ROWS.put(row.target(), row);
    long total = ROWS.values().stream().mapToLong(Row::inputs).sum();
    List<List<?>> rows = new ArrayList<>();
    for (Row r : ROWS.values()) {
      rows.add(List.of(r.target(), r.inputs(), r.generators(), r.properties(), r.outcomes(), r.failures()));
    }
    String markdown = "## Hostile input\n\n"
        + "Property-based fuzzing with jqwik 1.10.1 (`src/test/java/dev/transitsidecar/reliability/LoopbackFuzzTest`, "
        + "`KeystoreFuzzTest`, `inject/WebhookFuzzTest`). The generators are structure-aware: they start from valid "
        + "requests, files and reviews and mutate them (paths, methods, headers, framing, JSON types and shapes), "
        + "plus a share of plain garbage. HTTP targets are driven over raw sockets against a whole sidecar (port 0) "
        + "in front of the embedded engine, which is healthy throughout, so any 5xx the engine did not answer itself "
        + "is a defect: a 500 in the outcomes below is the engine's own answer passed through unchanged (Vault answers "
        + "500 to a `batch_input` it cannot decode), checked on each to have reached the engine and not to be the "
        + "sidecar's `internal error`. \"closed\" is a request that never completed or could not be parsed "
        + "(a body shorter than its Content-Length, a broken chunk) and was closed without an answer. "
        + (ReliabilityReport.full() ? "Full size (reliability profile)." : "Quick size (default "
        + "build); the reliability profile runs 100,000 inputs or more.") + "\n\n"
        + ReliabilityReport.table(List.of("target", "inputs", "generated", "properties checked on every input",
            "outcomes", "failures"), rows)
        + "\nTotal: " + total + " inputs (target: at least 100,000 in the reliability profile).\n";
    ReliabilityReport.write("2-hostile-input", markdown);
  }
}
