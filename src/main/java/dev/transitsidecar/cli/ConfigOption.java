package dev.transitsidecar.cli;

import dev.transitsidecar.config.ConfigLoader;
import dev.transitsidecar.config.SidecarConfig;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option that every command takes. */
final class ConfigOption {
  @Option(names = "--config", paramLabel = "FILE",
      description = "configuration file (default: sidecar.yaml in the working directory, if present)")
  Path file;

  /** Loads file, environment and defaults; fails with InvalidConfigException listing every problem. */
  SidecarConfig load(Vertx vertx, Map<String, String> env) {
    return ConfigLoader.load(vertx, Optional.ofNullable(file), env).await();
  }
}
