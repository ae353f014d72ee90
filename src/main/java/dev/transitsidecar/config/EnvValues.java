package dev.transitsidecar.config;

import java.util.Optional;

/**
 * Judges one {@code SIDECAR_*} value on its own, with the parser the sidecar applies at start, so that a program
 * which writes a sidecar's environment (the injection webhook) accepts exactly what the sidecar will. Rules across
 * keys ({@code auth.kubernetes.role} required with {@code kubernetes}) are the caller's to check.
 */
public final class EnvValues {
  private EnvValues() {}

  /**
   * What is wrong with {@code value} for the variable {@code envName}, in the words {@code check-config} uses
   * without the key (for example {@code "soon" is not a duration (use 500ms, 30s, 15m or 24h)}); empty when the
   * sidecar would accept it.
   *
   * @throws IllegalArgumentException when {@code envName} names no setting (a programming error)
   */
  public static Optional<String> problem(String envName, String value) {
    Key<?> key = ConfigSchema.byEnvName(envName)
        .orElseThrow(() -> new IllegalArgumentException("no setting is read from " + envName));
    try {
      key.parser().parse(Raw.fromEnv(value, envName).input(key.kind()));
      return Optional.empty();
    } catch (BadValue e) {
      return Optional.of(e.getMessage());
    }
  }
}
