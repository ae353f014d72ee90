package dev.transitsidecar.config;

import java.util.Optional;

/**
 * A value as found, before conversion: whatever the YAML held, or an env variable's text, and the
 * variable it came from (empty when it came from the file). Only the winning value of a key is
 * converted, so a value that the env overrides is never judged.
 */
record Raw(Object value, Optional<String> envName) {

  static Raw fromFile(Object value) {
    return new Raw(value, Optional.empty());
  }

  static Raw fromEnv(String value, String envName) {
    return new Raw(value, Optional.of(envName));
  }

  /** The parser's input for this kind of key; throws {@link BadValue} for a wrong type. */
  Object input(Kind kind) {
    return envName.isPresent() ? kind.fromEnv((String) value) : kind.fromFile(value);
  }

  /** How a problem names this value's key: {@code cache.ttl} or {@code cache.ttl (SIDECAR_CACHE_TTL)}. */
  String label(String path) {
    return envName.map(env -> path + " (" + env + ")").orElse(path);
  }
}
