package dev.transitsidecar.config;

import java.util.Optional;

/**
 * A value as found, before parsing: a {@code String} or {@code List<String>} (see {@link Kind}), and
 * the environment variable it came from (empty when it came from the file).
 */
record Raw(Object value, Optional<String> envName) {

  static Raw fromFile(Object value) {
    return new Raw(value, Optional.empty());
  }

  static Raw fromEnv(Object value, String envName) {
    return new Raw(value, Optional.of(envName));
  }

  /** How a problem names this value's key: {@code cache.ttl} or {@code cache.ttl (SIDECAR_CACHE_TTL)}. */
  String label(String path) {
    return envName.map(env -> path + " (" + env + ")").orElse(path);
  }
}
