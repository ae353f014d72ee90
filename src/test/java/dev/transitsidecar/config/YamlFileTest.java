package dev.transitsidecar.config;

import static dev.transitsidecar.config.ConfigFixture.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the file: what is missing, unreadable or not YAML becomes one problem line. */
class YamlFileTest {
  @TempDir Path dir;
  ConfigFixture fixture;

  @BeforeEach
  void start() {
    fixture = new ConfigFixture(dir);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void load_emptyOrCommentOnlyFile_isDefaults() {
    assertThat(fixture.load("", Map.of())).isEqualTo(SidecarConfig.defaults());
    assertThat(fixture.load("# nothing here\n", Map.of())).isEqualTo(SidecarConfig.defaults());
    assertThat(fixture.load("listen:\n", Map.of())).isEqualTo(SidecarConfig.defaults());
  }

  @Test
  void load_explicitMissingFile_isReported() {
    Path missing = dir.resolve("nope.yaml");

    List<String> problems = problemsOf(
        () -> ConfigLoader.load(fixture.vertx(), Optional.of(missing), Map.of()).await());

    assertThat(problems).containsExactly(missing.toAbsolutePath() + ": config file not found");
  }

  @Test
  void load_explicitFileIsADirectory_isReportedAsUnreadable() {
    List<String> problems = problemsOf(
        () -> ConfigLoader.load(fixture.vertx(), Optional.of(dir), Map.of()).await());

    assertThat(problems).singleElement().asString().startsWith(dir.toAbsolutePath() + ": cannot be read");
  }

  @Test
  void load_malformedYaml_isOneLineWithThePosition() {
    Path file = fixture.write("bad.yaml", "listen:\n  port: 8200\n  address: [unclosed\nvault: {}\n");

    List<String> problems = problemsOf(
        () -> ConfigLoader.load(fixture.vertx(), Optional.of(file), Map.of()).await());

    assertThat(problems).singleElement().asString()
        .startsWith(file.toAbsolutePath() + ": malformed YAML at line ")
        .doesNotContain("\n");
  }

  @Test
  void load_yamlWhoseTopIsNotAMap_isReported() {
    assertThat(fixture.problems("- listen\n- vault\n", Map.of())).singleElement().asString()
        .endsWith(": malformed YAML: the top level must be a map of sections (listen:, vault:, ...)");
  }
}
