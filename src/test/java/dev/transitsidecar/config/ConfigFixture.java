package dev.transitsidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Loads configs in tests: one Vert.x, YAML text written to a temp dir, futures awaited. */
final class ConfigFixture implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final Path dir;

  ConfigFixture(Path dir) {
    this.dir = dir;
  }

  Vertx vertx() {
    return vertx;
  }

  Path write(String name, String yaml) {
    try {
      return Files.writeString(dir.resolve(name), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  SidecarConfig load(String yaml, Map<String, String> env) {
    return ConfigLoader.load(vertx, Optional.of(write("sidecar.yaml", yaml)), env).await();
  }

  SidecarConfig loadEnv(Map<String, String> env) {
    return ConfigLoader.load(vertx, Optional.empty(), env, dir.resolve("absent.yaml")).await();
  }

  List<String> problems(String yaml, Map<String, String> env) {
    return problemsOf(() -> load(yaml, env));
  }

  static List<String> problemsOf(Runnable load) {
    InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, load::run);
    assertThat(e).as("an InvalidConfigException").isNotNull();
    assertThat(e.getStackTrace()).isEmpty();
    assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
    return e.problems();
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
