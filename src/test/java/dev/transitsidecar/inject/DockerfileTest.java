package dev.transitsidecar.inject;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs here, so the image is not built in CI; this reads the {@code Dockerfile} instead: a JDK 25
 * build stage that packages the jar, a JRE 25 runtime stage that copies the jar the build produces (the pom's
 * {@code finalName}), runs as a non-root user, and sets the same JVM options as the injected sidecar.
 */
class DockerfileTest {
  private final List<String> lines = read(Path.of("Dockerfile"));

  @Test
  void stages_buildWithJdk25ThenRunOnJre25() {
    List<String> from = instructions("FROM");

    assertThat(from).hasSize(2);
    assertThat(from.get(0)).contains("temurin-25").endsWith("AS build");
    assertThat(from.get(1)).contains("25-jre");
    assertThat(instructions("RUN")).anySatisfy(run -> assertThat(run).contains("mvn").contains("package"));
  }

  @Test
  void copy_takesTheJarThePomBuilds() throws IOException {
    Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(Files.readString(Path.of("pom.xml")));
    assertThat(finalName.find()).isTrue();
    String jar = "target/" + finalName.group(1) + ".jar";

    assertThat(instructions("COPY")).anySatisfy(copy -> assertThat(copy)
        .matches("--from=build \\S*/" + Pattern.quote(jar) + " /app/" + Pattern.quote(finalName.group(1) + ".jar")));
    assertThat(instructions("ENTRYPOINT")).containsExactly(
        "[\"java\", \"-jar\", \"/app/" + finalName.group(1) + ".jar\"]");
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
