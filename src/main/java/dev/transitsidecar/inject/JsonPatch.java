package dev.transitsidecar.inject;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Builds an RFC 6902 JSON Patch against a document it is given, so each operation is valid for that document: a
 * missing or empty array or object is added whole, an existing one is extended ({@code /-} for an array, the
 * member's own pointer for an object). Paths are RFC 6901 pointers built from raw segments ({@link #pointer}).
 */
final class JsonPatch {
  private final JsonArray operations = new JsonArray();

  /** An RFC 6901 pointer: {@code ~} becomes {@code ~0} and {@code /} becomes {@code ~1} in each segment. */
  static String pointer(Object... segments) {
    StringBuilder path = new StringBuilder();
    for (Object segment : segments) {
      path.append('/').append(segment.toString().replace("~", "~0").replace("/", "~1"));
    }
    return path.toString();
  }

  /** Appends to the array {@code parent[field]} (at {@code parentPath}), creating it when missing or empty. */
  JsonPatch append(JsonObject parent, String parentPath, String field, List<?> items) {
    if (items.isEmpty()) {
      return this;
    }
    JsonArray existing = parent.getJsonArray(field);
    if (existing == null || existing.isEmpty()) {
      return add(parentPath + pointer(field), new JsonArray(List.copyOf(items)));
    }
    items.forEach(item -> add(parentPath + pointer(field, "-"), item));
    return this;
  }

  /** Inserts at the front of the array {@code parent[field]}, creating it when missing or empty. */
  JsonPatch prepend(JsonObject parent, String parentPath, String field, Object item) {
    JsonArray existing = parent.getJsonArray(field);
    if (existing == null || existing.isEmpty()) {
      return add(parentPath + pointer(field), new JsonArray().add(item));
    }
    return add(parentPath + pointer(field, 0), item);
  }

  /** Sets {@code parent[field][key]} in a map (labels, annotations), creating the map when missing. */
  JsonPatch put(JsonObject parent, String parentPath, String field, String key, Object value) {
    if (parent.getJsonObject(field) == null) {
      return add(parentPath + pointer(field), new JsonObject().put(key, value));
    }
    return add(parentPath + pointer(field, key), value);
  }

  JsonPatch add(String path, Object value) {
    operations.add(new JsonObject().put("op", "add").put("path", path).put("value", value));
    return this;
  }

  JsonPatch replace(String path, Object value) {
    operations.add(new JsonObject().put("op", "replace").put("path", path).put("value", value));
    return this;
  }

  /** The operations so far, in order (a copy). */
  JsonArray toJson() {
    return operations.copy();
  }
}
