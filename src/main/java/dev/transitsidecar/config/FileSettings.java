package dev.transitsidecar.config;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks the YAML document (as vertx-config hands it over) against the schema. Yields the raw value
 * of every known key that has one; reports unknown keys and sections that are not maps, by dotted
 * path. A key set to nothing ({@code key:} or {@code ~}) counts as not set.
 */
final class FileSettings {
  private FileSettings() {}

  static Map<String, Raw> read(JsonObject document, List<String> problems) {
    Map<String, Raw> found = new HashMap<>();
    walk("", document, found, problems);
    return found;
  }

  private static void walk(
      String prefix, JsonObject map, Map<String, Raw> found, List<String> problems) {
    for (String name : map.fieldNames()) {
      String path = prefix + name;
      Object value = Kind.valueOf(map.getMap().get(name));
      var key = ConfigSchema.byPath(path);
      if (key.isPresent()) {
        if (value != null) {
          found.put(path, Raw.fromFile(value));
        }
      } else if (!ConfigSchema.isSection(path)) {
        problems.add(path + ": unknown key" + Suggestions.forPath(path));
      } else if (value instanceof JsonObject section) {
        walk(path + ".", section, found, problems);
      } else if (value != null) {
        problems.add(path + ": expected a map of settings, got " + Kind.describe(value));
      }
    }
  }
}
