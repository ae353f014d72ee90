package dev.transitsidecar.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.transitsidecar.testing.ChildLogs;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A smoke run of {@code bench/run}: one short scenario, as a process, so the script keeps working; without the top-up
 * to one million requests ({@code --requests 0}). The numbers are not checked (CI machines vary); the table and the
 * JSON file are. Skipped when wrk, curl or jq is not installed.
 */
class BenchRunIT {
  private static final Path RESULTS = Path.of("target/bench-smoke.json");
  private static final Path OUTPUT = Path.of("target/bench-smoke.txt");

  @Test
  void run_quickDeriveScenario_printsTheTableAndWritesTheResults() throws Exception {
    for (String tool : new String[] {"wrk", "curl", "jq"}) {
      assumeTrue(onPath(tool), tool + " is not installed (apt-get install " + tool + "); bench/run cannot run");
    }
    assumeTrue(Files.isRegularFile(Path.of("target/transit-sidecar.jar")), "target/transit-sidecar.jar is missing");
    Files.deleteIfExists(RESULTS);
    ProcessBuilder builder = new ProcessBuilder("bench/run", "--quick", "--scenario", "derive", "--requests", "0",
        "--results", RESULTS.toString()).redirectErrorStream(true).redirectOutput(OUTPUT.toFile());
    builder.environment().put("BENCH_LOG_DIR", ChildLogs.dir("BenchRunIT").toString());
    Process run = builder.start();
    boolean exited = run.waitFor(180, TimeUnit.SECONDS);
    if (!exited) {
      run.descendants().forEach(ProcessHandle::destroy);
      run.destroy();
    }
    String printed = Files.readString(OUTPUT);

    assertThat(exited).as("bench/run finished within 180 s; it printed:%n%s", printed).isTrue();
    assertThat(run.exitValue()).as("exit status; bench/run printed:%n%s", printed).isZero();
    assertThat(printed)
        .contains("| scenario | conns | req/s | p50 ms | p99 ms | reference | req/s ratio | p50 ratio | note |")
        .contains("| bare Vert.x server (ceiling) | 64 |")
        .contains("| derive, 32 bytes | 64 |")
        .contains("| process | ready after ms | RSS idle MiB | RSS after MiB | requests served at RSS after | classes loaded |")
        .doesNotContain("after the scenarios")
        .doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(")
        .doesNotContainPattern("\\b\\w+(Exception|Error)(: |\\R)");
    JsonObject results = new JsonObject(Files.readString(RESULTS));
    assertThat(results.getJsonArray("rows")).hasSize(2);
    assertThat(results.getJsonArray("rows").getJsonObject(1).getDouble("rps")).isPositive();
    assertThat(results.getJsonObject("sidecar").getInteger("ready_ms")).isPositive();
    assertThat(results.getJsonObject("sidecar").getInteger("requests_served")).isPositive();
    assertThat(results.getJsonObject("sidecar").getInteger("top_up_requests")).isZero();
    assertThat(results.getJsonObject("sidecar").getInteger("classes_loaded")).isPositive();
    assertThat(results.getJsonObject("bare").getInteger("ready_ms")).isPositive();
    assertThat(results.getJsonObject("bare").getInteger("classes_loaded"))
        .isLessThan(results.getJsonObject("sidecar").getInteger("classes_loaded"));
    assertThat(results.getJsonObject("disk").getDouble("jar_mb")).isPositive().isLessThanOrEqualTo(12.0);
    assertThat(results.getJsonObject("disk").getDouble("aot_cache_mb")).isPositive();
  }

  private static boolean onPath(String tool) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(dir -> Path.of(dir, tool))
        .anyMatch(Files::isExecutable);
  }
}
