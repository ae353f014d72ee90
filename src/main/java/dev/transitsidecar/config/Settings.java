package dev.transitsidecar.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every key's typed value after precedence (env, then file, then default) and parsing. A key whose
 * value is invalid holds its default and is marked, so rules across keys can skip it instead of
 * piling a second problem on the first.
 */
final class Settings {
  private final Map<String, Object> values;
  private final Set<String> invalid;

  private Settings(Map<String, Object> values, Set<String> invalid) {
    this.values = values;
    this.invalid = invalid;
  }

  static Settings defaults() {
    return resolve(Map.of(), Map.of(), new ArrayList<>());
  }

  /** Parses the winning raw value of each key; problems are added in schema order. */
  static Settings resolve(Map<String, Raw> file, Map<String, Raw> env, List<String> problems) {
    Map<String, Object> values = new HashMap<>();
    Set<String> invalid = new HashSet<>();
    for (Key<?> key : ConfigSchema.ALL) {
      Raw raw = env.getOrDefault(key.path(), file.get(key.path()));
      values.put(key.path(), key.defaultValue());
      if (raw == null) {
        continue;
      }
      try {
        values.put(key.path(), key.parser().parse(raw.input(key.kind())));
      } catch (BadValue e) {
        problems.add(raw.label(key.path()) + ": " + e.getMessage());
        invalid.add(key.path());
      }
    }
    return new Settings(values, invalid);
  }

  @SuppressWarnings("unchecked")
  <T> T get(Key<T> key) {
    if (!values.containsKey(key.path())) {
      throw new IllegalStateException("not in ConfigSchema.ALL: " + key.path());
    }
    return (T) values.get(key.path());
  }

  /** True when none of the keys had an invalid value. */
  boolean valid(Key<?>... keys) {
    for (Key<?> key : keys) {
      if (invalid.contains(key.path())) {
        return false;
      }
    }
    return true;
  }
}
