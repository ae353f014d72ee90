package dev.transitsidecar.config;

import java.util.Comparator;
import java.util.stream.Stream;

/** "Did you mean" hints for unknown keys and variables: the closest known name, if it is close. */
final class Suggestions {
  private static final int MAX_DISTANCE = 2;

  private Suggestions() {}

  /** Among the known keys and sections (so {@code lisen} suggests {@code listen}). */
  static String forPath(String path) {
    return closest(path, ConfigSchema.ALL.stream().map(Key::path).flatMap(Suggestions::withSections));
  }

  static String forEnv(String name) {
    return closest(name, ConfigSchema.ALL.stream().map(Key::envName));
  }

  private static Stream<String> withSections(String path) {
    Stream.Builder<String> names = Stream.builder();
    for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
      names.add(path.substring(0, dot));
    }
    return names.add(path).build();
  }

  private static String closest(String unknown, Stream<String> known) {
    return known
        .distinct()
        .filter(name -> distance(unknown, name) <= MAX_DISTANCE)
        .min(Comparator.comparingInt(name -> distance(unknown, name)))
        .map(name -> " (did you mean " + name + "?)")
        .orElse("");
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
