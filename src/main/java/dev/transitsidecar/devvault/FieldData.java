package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed, lenient access to a request body, like Vault's {@code framework.FieldData} with weak decoding: numbers may be
 * numeric strings, booleans may be {@code "true"}, lists may be comma-separated strings. A value of the wrong type is
 * a 400 {@code error converting input for field "<name>"}; the value itself is never echoed (it may be a secret).
 * Used by the token and auth paths. Transit uses {@link Fields}: the same "JSON null is absent" rule and the same
 * duration scanner ({@link GoDurations}), but mapstructure's coercions and an error text that echoes the value;
 * {@code FieldDialectsTest} lists the inputs on which the two read differently.
 */
final class FieldData {
  private final JsonObject body;

  FieldData(JsonObject body) {
    this.body = body == null ? new JsonObject() : body;
  }

  boolean has(String name) {
    return Fields.has(body, name);
  }

  String string(String name) {
    Object v = body.getValue(name);
    return switch (v) {
      case null -> "";
      case String s -> s;
      case Number n -> n.toString();
      case Boolean b -> b.toString();
      default -> throw invalid(name);
    };
  }

  boolean bool(String name, boolean fallback) {
    Object v = body.getValue(name);
    return switch (v) {
      case null -> fallback;
      case Boolean b -> b;
      case String s when s.isEmpty() -> fallback;
      case String s when s.equals("true") || s.equals("1") || s.equalsIgnoreCase("t") -> true;
      case String s when s.equals("false") || s.equals("0") || s.equalsIgnoreCase("f") -> false;
      case Number n -> n.longValue() != 0;
      default -> throw invalid(name);
    };
  }

  int integer(String name) {
    Object v = body.getValue(name);
    try {
      return switch (v) {
        case null -> 0;
        case Number n -> Math.toIntExact(n.longValue());
        case String s when s.isBlank() -> 0;
        case String s -> Integer.parseInt(s.trim());
        default -> throw invalid(name);
      };
    } catch (ArithmeticException | NumberFormatException e) {
      throw invalid(name);
    }
  }

  Duration duration(String name) {
    try {
      return GoDurations.parse(body.getValue(name));
    } catch (IllegalArgumentException e) {
      throw invalid(name);
    }
  }

  List<String> strings(String name) {
    Object v = body.getValue(name);
    return switch (v) {
      case null -> List.of();
      case String s -> Arrays.stream(s.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
      case JsonArray a -> stringsOf(name, a);
      default -> throw invalid(name);
    };
  }

  Map<String, String> stringMap(String name) {
    Object v = body.getValue(name);
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof JsonObject o)) {
      throw invalid(name);
    }
    Map<String, String> out = new LinkedHashMap<>();
    o.forEach(e -> out.put(e.getKey(), e.getValue() instanceof String s ? s : String.valueOf(e.getValue())));
    return out;
  }

  private List<String> stringsOf(String name, JsonArray array) {
    List<String> out = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String s)) {
        throw invalid(name);
      }
      out.add(s.trim());
    }
    return out;
  }

  private static VaultError invalid(String name) {
    return VaultError.badRequest("error converting input for field \"" + name + "\"");
  }
}
