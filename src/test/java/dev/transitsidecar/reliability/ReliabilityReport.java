package dev.transitsidecar.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The figures of the reliability tests. Each section is a Markdown fragment in {@code target/reliability/}, written
 * by the test that measured it; {@link ReliabilityReportAssembler} puts them in one report after the reliability
 * profile ({@code mvn -B -Preliability verify}) and writes {@code docs/reliability-report.md}. In the default build the same
 * tests run short ({@link #full()} is false) and their fragments stay under {@code target/}.
 */
public final class ReliabilityReport {
  /** Where the fragments go; the file name orders the sections of the report. */
  public static final Path DIR = Path.of("target", "reliability");

  private ReliabilityReport() {}

  /** True in the reliability profile ({@code -Dreliability.full=true}): the full sizes that docs/reliability.md describes. */
  public static boolean full() {
    return Boolean.getBoolean("reliability.full");
  }

  /** {@code quick} in the default build, {@code full} in the reliability profile. */
  public static int scale(int quick, int full) {
    return full() ? full : quick;
  }

  /** {@code quick} in the default build, {@code full} in the reliability profile. */
  public static long scale(long quick, long full) {
    return full() ? full : quick;
  }

  /**
   * Writes (replaces) one section. {@code name} orders the report and names the file, for example
   * {@code "1-faults-a-outage"}; {@code markdown} starts with its own {@code ##} or {@code ###} heading.
   */
  public static synchronized void write(String name, String markdown) {
    try {
      Files.createDirectories(DIR);
      Files.writeString(DIR.resolve(name + ".md"), markdown.endsWith("\n") ? markdown : markdown + "\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Markdown table: a header row and the rows, each cell as given (no escaping beyond {@code |}). */
  public static String table(java.util.List<String> header, java.util.List<java.util.List<?>> rows) {
    StringBuilder out = new StringBuilder();
    out.append(row(header)).append('\n');
    out.append(row(header.stream().map(h -> "---").toList())).append('\n');
    for (java.util.List<?> row : rows) {
      out.append(row(row)).append('\n');
    }
    return out.toString();
  }

  private static String row(java.util.List<?> cells) {
    StringBuilder line = new StringBuilder("|");
    for (Object cell : cells) {
      line.append(' ').append(String.valueOf(cell).replace("|", "\\|")).append(" |");
    }
    return line.toString();
  }
}
