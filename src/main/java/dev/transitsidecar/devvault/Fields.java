package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Vault's {@code framework.FieldData} for request bodies: every schema field present in the body is checked
 * first (a bad value is a 400 {@code error converting input <v> for field "<f>": ...}), then read with
 * mapstructure's weak typing (numeric strings as ints, "true"/"1" as bools, numbers as strings). JSON
 * {@code null} counts as absent. Used by the Transit paths; the token and auth paths read with {@link FieldData},
 * whose coercions and error text differ (see there).
 */
final class Fields {
  /** The field types the Transit paths use. */
  enum Type { STRING, INT, BOOL, DURATION, SLICE }

  private Fields() {}

  /** Checks every present schema field; returns the body fields that are not in the schema, sorted. */
  static List<String> validate(JsonObject body, Map<String, Type> schema) {
    List<String> ignored = new ArrayList<>();
    for (String field : new TreeSet<>(body.fieldNames())) {
      Type type = schema.get(field);
      Object value = body.getValue(field);
      if (type == null) {
        ignored.add(field);
      } else if (value != null) {
        try {
          convert(value, type);
        } catch (IllegalArgumentException e) {
          throw VaultError.badRequest(
              "error converting input " + GoValues.format(value) + " for field \"" + field + "\": " + e.getMessage());
        }
      }
    }
    return ignored;
  }

  private static void convert(Object value, Type type) {
    switch (type) {
      case STRING -> weakString(value);
      case INT -> weakLong(value);
      case BOOL -> weakBool(value);
      case DURATION -> GoDurations.seconds(value);
      case SLICE -> { }
    }
  }

  /** Whether the field is present: JSON {@code null} counts as absent (both dialects). */
  static boolean has(JsonObject body, String field) {
    return body.getValue(field) != null;
  }

  static String string(JsonObject body, String field) {
    Object value = body.getValue(field);
    return value == null ? "" : weakString(value);
  }

  static long integer(JsonObject body, String field, long defaultValue) {
    Object value = body.getValue(field);
    return value == null ? defaultValue : weakLong(value);
  }

  static boolean bool(JsonObject body, String field) {
    Object value = body.getValue(field);
    return value != null && weakBool(value);
  }

  static long durationSeconds(JsonObject body, String field) {
    Object value = body.getValue(field);
    return value == null ? 0 : GoDurations.seconds(value);
  }

  private static String weakString(Object value) {
    return switch (value) {
      case String s -> s;
      case Boolean b -> b ? "1" : "0";
      case Number n -> GoValues.format(n);
      default -> throw new IllegalArgumentException(
          "'' expected type 'string', got unconvertible type '" + GoValues.typeName(value) + "'");
    };
  }

  private static long weakLong(Object value) {
    return switch (value) {
      case String s -> parseIntBase0(s.isEmpty() ? "0" : s);
      case Boolean b -> b ? 1 : 0;
      case Number n -> parseIntBase0(GoValues.format(n));
      default -> throw new IllegalArgumentException(
          "'' expected type 'int', got unconvertible type '" + GoValues.typeName(value) + "'");
    };
  }

  /** Go's {@code strconv.ParseInt(s, 0, 64)}: sign, then 0x / 0o / 0b / leading-0 octal prefixes. */
  private static long parseIntBase0(String s) {
    String digits = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
    int radix = 10;
    String lower = digits.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("0x") || lower.startsWith("0o") || lower.startsWith("0b")) {
      radix = lower.charAt(1) == 'x' ? 16 : lower.charAt(1) == 'o' ? 8 : 2;
      digits = digits.substring(2);
    } else if (digits.length() > 1 && digits.startsWith("0")) {
      radix = 8;
      digits = digits.substring(1);
    }
    try {
      if (digits.isEmpty() || !digits.chars().allMatch(c -> c < 128 && Character.digit(c, 36) >= 0)) {
        throw new NumberFormatException();
      }
      return Long.parseLong((s.startsWith("-") ? "-" : "") + digits, radix);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "cannot parse '' as int: strconv.ParseInt: parsing \"" + s + "\": invalid syntax");
    }
  }

  private static boolean weakBool(Object value) {
    return switch (value) {
      case Boolean b -> b;
      case Number n -> parseGoBool(GoValues.format(n));
      case String s -> parseGoBool(s);
      default -> throw new IllegalArgumentException(
          "'' expected type 'bool', got unconvertible type '" + GoValues.typeName(value) + "'");
    };
  }

  private static boolean parseGoBool(String s) {
    return switch (s) {
      case "", "0", "f", "F", "FALSE", "false", "False" -> false;
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      default -> throw new IllegalArgumentException(
          "cannot parse '' as bool: strconv.ParseBool: parsing \"" + s + "\": invalid syntax");
    };
  }

  /** A {@code batch_input} value as a list, or null when absent; non-arrays are kept as single values. */
  static List<Object> slice(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof JsonArray array) {
      List<Object> items = new ArrayList<>();
      array.forEach(items::add);
      return items;
    }
    throw VaultError.internal(
        "failed to parse batch input: source data must be an array or slice, got " + GoValues.typeName(value));
  }
}
