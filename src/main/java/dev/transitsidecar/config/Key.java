package dev.transitsidecar.config;

import java.util.Locale;
import java.util.Optional;

/**
 * One known setting: its dotted path in the file, the shape it takes there, its parser, its
 * default, the Vault variable that also sets it, if any, and what it means (the configuration reference,
 * docs/configuration.md, is generated from these). The {@code SIDECAR_*} variable name is
 * derived from the path, so the file keys and the env names cannot drift apart.
 */
record Key<T>(String path, Kind kind, Parser<T> parser, T defaultValue, Optional<String> vaultEnv, String meaning) {

  /** {@code SIDECAR_} + each path segment from camelCase to UPPER_SNAKE, joined by {@code _}. */
  String envName() {
    return envName(path);
  }

  static String envName(String path) {
    StringBuilder name = new StringBuilder("SIDECAR");
    for (String segment : path.split("\\.")) {
      name.append('_');
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        if (i > 0 && Character.isUpperCase(c) && !Character.isUpperCase(segment.charAt(i - 1))) {
          name.append('_');
        }
        name.append(c);
      }
    }
    return name.toString().toUpperCase(Locale.ROOT);
  }
}
