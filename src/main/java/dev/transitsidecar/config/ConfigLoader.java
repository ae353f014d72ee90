package dev.transitsidecar.config;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the configuration once, at start: the YAML file, then the environment overrides, then
 * conversion and validation (docs/configuration.md). Precedence: {@code SIDECAR_*}, then
 * {@code VAULT_ADDR}/{@code VAULT_NAMESPACE}, then the file, then the default.
 */
public final class ConfigLoader {
  /** The file read when none is given, relative to the working directory. */
  static final Path DEFAULT_FILE = Path.of("sidecar.yaml");

  private ConfigLoader() {}

  /**
   * Loads and validates the configuration.
   *
   * @param file the YAML file; empty means {@code sidecar.yaml} in the working directory if it
   *     exists, else pure defaults. A given file that is missing or unreadable is a problem.
   * @param env the environment (normally {@code System.getenv()}); only {@code SIDECAR_*},
   *     {@code VAULT_ADDR} and {@code VAULT_NAMESPACE} are read. {@code VAULT_TOKEN} is not config.
   * @return the config, or a failure with an {@link InvalidConfigException} listing every problem
   */
  public static Future<SidecarConfig> load(Vertx vertx, Optional<Path> file, Map<String, String> env) {
    return load(vertx, file, env, DEFAULT_FILE);
  }

  /** As {@link #load(Vertx, Optional, Map)}, with the default file's location given (for tests). */
  static Future<SidecarConfig> load(
      Vertx vertx, Optional<Path> file, Map<String, String> env, Path defaultFile) {
    return YamlFile.read(vertx, file, defaultFile)
        .map(document -> ConfigBinder.bind(document, env));
  }
}
