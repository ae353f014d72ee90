package dev.transitsidecar.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The shape a key takes in the file, and how a raw value becomes parser input: a {@code String} for
 * scalars, a {@code List<String>} for lists. Env values are always text; lists there are comma-separated.
 */
enum Kind {
  TEXT,
  /** Text, where an unquoted YAML {@code off} (which YAML 1.1 reads as {@code false}) means "off". */
  TEXT_OR_OFF,
  INT,
  BOOL,
  LIST,
  /** A list of maps: a YAML list in the file (or its JSON text), JSON text in the environment. */
  JSON;

  /** A value from the YAML file; throws {@link BadValue} for a wrong type. Never null. */
  Object fromFile(Object value) {
    return switch (this) {
      case TEXT -> integral(value) ? value.toString() : expect(value, String.class, "a string");
      case TEXT_OR_OFF -> Boolean.FALSE.equals(value) ? "off" : TEXT.fromFile(value);
      case INT -> integral(value) ? value.toString() : expect(value, Integer.class, "an integer");
      case BOOL -> expect(value, Boolean.class, "true or false").toString();
      case LIST -> items(value);
      case JSON -> value instanceof JsonArray list ? list.encode()
          : expect(value, String.class, "a list of maps or its JSON text");
    };
  }

  /** A value from an environment variable. */
  Object fromEnv(String value) {
    if (this != LIST) {
      return value;
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /**
   * A raw YAML value in JSON form, keeping dates as dates: vertx-config turns an unquoted
   * {@code 2024-01-01} into an Instant, and JsonObject.getValue would silently make that a string.
   */
  @SuppressWarnings("unchecked")
  static Object valueOf(Object raw) {
    return switch (raw) {
      case null -> null;
      case Map<?, ?> map -> new JsonObject((Map<String, Object>) map);
      case List<?> list -> new JsonArray(list);
      default -> raw;
    };
  }

  private static boolean integral(Object value) {
    return value instanceof Integer || value instanceof Long || value instanceof BigInteger;
  }

  private static <T> T expect(Object value, Class<T> type, String expected) {
    if (type.isInstance(value)) {
      return type.cast(value);
    }
    throw new BadValue("expected " + expected + ", got " + describe(value));
  }

  private static List<String> items(Object value) {
    if (!(value instanceof JsonArray array)) {
      throw new BadValue("expected a list like [a, b], got " + describe(value));
    }
    List<String> items = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      Object item = valueOf(array.getList().get(i));
      if (!(item instanceof String) && !integral(item)) {
        throw new BadValue("item " + i + ": expected a string, got " + describe(item));
      }
      items.add(item.toString());
    }
    return List.copyOf(items);
  }

  /** A value's type in words, plus the value itself when it is a short scalar. */
  static String describe(Object value) {
    return switch (value) {
      case null -> "nothing";
      case JsonObject ignored -> "a map";
      case JsonArray ignored -> "a list";
      case String s -> "a string " + BadValue.quote(s);
      case Boolean b -> "a boolean (" + b + "; quote yes/no/on/off to keep them text)";
      case Number n -> "a number (" + n + ")";
      case Instant ignored -> "a date (quote it to keep it text)";
      default -> "a " + value.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    };
  }
}
