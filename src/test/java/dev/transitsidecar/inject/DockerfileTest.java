package dev.transitsidecar.inject;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs here, so the image is not built in CI; this reads the {@code Dockerfile} instead: a JDK 25
 * build stage that packages the jar and builds the Java runtime with {@code scripts/build-runtime}, a slim final stage
 * with no Java of its own that copies that runtime and starts its entry point, runs as a non-root user, and sets the
 * same JVM options as the injected sidecar; and the entry point ({@code scripts/runtime/run}) defaults to them too.
 */
class DockerfileTest {
  private static final Path RUN_SCRIPT = Path.of("scripts/runtime/run");
  private final List<String> lines = read(Path.of("Dockerfile"));

  @Test
  void stages_buildWithJdk25AndBuildTheRuntime_thenRunOnASlimBaseWithNoJava() {
    List<String> from = instructions("FROM");

    assertThat(from).hasSize(2);
    assertThat(from.get(0)).contains("temurin-25").endsWith("AS build");
    assertThat(from.get(1)).startsWith("debian:").endsWith("-slim");
    assertThat(instructions("RUN")).anySatisfy(run -> assertThat(run).contains("mvn").contains("package"))
        .anySatisfy(run -> assertThat(run).isEqualTo("scripts/build-runtime"));
  }

  @Test
  void copy_takesTheRuntimeTheScriptBuilds_andStartsItsEntryPoint() throws IOException {
    assertThat(Files.readString(Path.of("scripts/build-runtime"))).contains("out=target/runtime")
        .contains("cp scripts/runtime/run \"$out/run\"");
    assertThat(instructions("COPY")).contains("--from=build /src/target/runtime /app");
    assertThat(instructions("ENTRYPOINT")).containsExactly("[\"/app/run\"]");
    assertThat(instructions("CMD")).containsExactly("[\"run\"]");
    assertThat(Files.isExecutable(RUN_SCRIPT)).as("%s is executable", RUN_SCRIPT).isTrue();
  }

  @Test
  void user_isANumericNonRootUser() {
    List<String> users = instructions("USER");

    assertThat(users).isNotEmpty();
    String last = users.getLast();
    assertThat(last).matches("\\d+(:\\d+)?");
    assertThat(Long.parseLong(last.split(":")[0])).isEqualTo(SidecarContainer.USER_ID);
    assertThat(lines.indexOf("USER " + last)).isGreaterThan(lines.indexOf(lines.stream()
        .filter(l -> l.startsWith("COPY --from=build")).findFirst().orElseThrow()));
  }

  @Test
  void javaToolOptions_sameListAsTheInjectedSidecar() {
    assertThat(instructions("ENV")).contains("JAVA_TOOL_OPTIONS=\"" + String.join(" ", JvmOptions.LIST) + "\"")
        .contains("MALLOC_ARENA_MAX=" + JvmOptions.MALLOC_ARENAS);
  }

  @Test
  void runScript_defaultsToTheSameListAndArenas() {
    List<String> script = read(RUN_SCRIPT);

    assertThat(script).contains(": \"${JAVA_TOOL_OPTIONS=" + String.join(" ", JvmOptions.LIST) + "}\"")
        .contains(": \"${MALLOC_ARENA_MAX=" + JvmOptions.MALLOC_ARENAS + "}\"");
  }

  private List<String> instructions(String keyword) {
    return lines.stream().filter(l -> l.startsWith(keyword + " ")).map(l -> l.substring(keyword.length() + 1).trim())
        .toList();
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.startsWith("#")).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
