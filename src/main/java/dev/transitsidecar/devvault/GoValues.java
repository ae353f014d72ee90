package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;

/** How Go's fmt prints decoded JSON values ({@code %v}, {@code %T}), for Vault's error texts. */
final class GoValues {
  private GoValues() {}

  /** Go's {@code %T} of a value decoded with {@code UseNumber}. */
  static String typeName(Object value) {
    return switch (value) {
      case null -> "<nil>";
      case String s -> "string";
      case Boolean b -> "bool";
      case Number n -> "json.Number";
      case JsonObject o -> "map[string]interface {}";
      case JsonArray a -> "[]interface {}";
      default -> value.getClass().getSimpleName();
    };
  }

  /** Go's {@code %v}, close enough for scalars; maps and slices in Go's bracket form. */
  static String format(Object value) {
    return switch (value) {
      case null -> "<nil>";
      case BigDecimal d -> d.toPlainString();
      case JsonObject o -> "map" + bracketed(o.getMap().entrySet().stream()
          .map(e -> e.getKey() + ":" + format(e.getValue())).sorted().toList());
      case JsonArray a -> bracketed(a.stream().map(GoValues::format).toList());
      default -> value.toString();
    };
  }

  private static String bracketed(java.util.List<String> parts) {
    return "[" + String.join(" ", parts) + "]";
  }
}
