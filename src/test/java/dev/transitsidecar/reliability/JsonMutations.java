package dev.transitsidecar.reliability;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Mutations of a valid JSON document, shared by the fuzzers: changes in the tree (a value of the wrong type, a
 * huge number, a long or odd string, a nested or empty container, a field removed or added), then sometimes in the
 * text (a duplicate key, a cut, a stray byte, deep nesting, a number no parser can hold, something that is not JSON).
 */
public final class JsonMutations {
  private static final String[] STRINGS = {"", " ", "!!!not base64!!!", "YQ==", "YQ", "=", "vault:v1:", "vault:v99:AAAA",
      "ǩ\u0000\u202e\uFEFF", "\ud800", "null", "true", "0", "-1", "1e400", "\\u0000", "../../etc/passwd", "%00",
      "dmF1bHQ=\n", "AAAA====", "kasten"};

  private JsonMutations() {}

  /** {@code template} with 0 to 3 tree mutations, then, one time in three, a text mutation. */
  public static byte[] mutate(Random r, JsonObject template) {
    JsonObject copy = template.copy();
    int changes = r.nextInt(4);
    for (int i = 0; i < changes; i++) {
      mutateTree(r, copy);
    }
    String text = copy.encode();
    if (r.nextInt(3) == 0) {
      return mutateText(r, text);
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void mutateTree(Random r, JsonObject root) {
    List<Object> containers = new ArrayList<>();
    collect(root, containers, 0);
    Object target = containers.get(r.nextInt(containers.size()));
    if (target instanceof JsonObject object) {
      List<String> names = new ArrayList<>(object.fieldNames());
      switch (names.isEmpty() ? 2 : r.nextInt(3)) {
        case 0 -> object.put(names.get(r.nextInt(names.size())), weird(r));
        case 1 -> object.remove(names.get(r.nextInt(names.size())));
        default -> object.put(r.nextBoolean() ? "unknown_" + r.nextInt(9) : STRINGS[r.nextInt(STRINGS.length)],
            weird(r));
      }
    } else if (target instanceof JsonArray array) {
      if (!array.isEmpty() && r.nextBoolean()) {
        array.set(r.nextInt(array.size()), weird(r));
      } else {
        array.add(weird(r));
      }
    }
  }

  private static void collect(Object node, List<Object> out, int depth) {
    if (depth > 20) {
      return;
    }
    if (node instanceof JsonObject object) {
      out.add(object);
      object.forEach(e -> collect(e.getValue(), out, depth + 1));
    } else if (node instanceof JsonArray array) {
      out.add(array);
      array.forEach(v -> collect(v, out, depth + 1));
    }
  }

  /** A value of any JSON type, mostly one that a field does not expect. */
  public static Object weird(Random r) {
    return switch (r.nextInt(16)) {
      case 0 -> null;
      case 1 -> r.nextBoolean();
      case 2 -> r.nextInt(129) - 64;
      case 3 -> r.nextBoolean() ? Integer.MAX_VALUE : Integer.MIN_VALUE;
      case 4 -> r.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
      case 5 -> r.nextBoolean() ? 1.5 : (r.nextBoolean() ? 1e308 : -0.0);
      case 6 -> new BigInteger(200, r);
      case 7 -> STRINGS[r.nextInt(STRINGS.length)];
      case 8 -> "A".repeat(1 + r.nextInt(r.nextInt(10) == 0 ? 40_000 : 300));
      case 9 -> randomBase64(r);
      case 10 -> new JsonArray();
      case 11 -> new JsonObject();
      case 12 -> nested(r, 1 + r.nextInt(60));
      case 13 -> manyItems(r);
      case 14 -> new String(Character.toChars(r.nextInt(0x10FFFF) & ~0xF800 | 0x20));
      default -> new JsonObject().put("plaintext", randomBase64(r)).put("context", weird(r));
    };
  }

  private static String randomBase64(Random r) {
    byte[] bytes = new byte[r.nextInt(r.nextInt(8) == 0 ? 2_000 : 40)];
    r.nextBytes(bytes);
    return java.util.Base64.getEncoder().encodeToString(bytes);
  }

  private static Object nested(Random r, int depth) {
    Object inner = STRINGS[r.nextInt(STRINGS.length)];
    for (int i = 0; i < depth; i++) {
      inner = r.nextBoolean() ? new JsonArray().add(inner) : new JsonObject().put("a", inner);
    }
    return inner;
  }

  private static JsonArray manyItems(Random r) {
    JsonArray items = new JsonArray();
    int n = r.nextInt(r.nextInt(6) == 0 ? 600 : 5);
    for (int i = 0; i < n; i++) {
      items.add(r.nextInt(4) == 0 ? weird(r) : new JsonObject().put("plaintext", "YQ==").put("context", "YQ=="));
    }
    return items;
  }

  /** A text-level change: the kinds of input a JSON parser meets from a hostile or broken client. */
  public static byte[] mutateText(Random r, String text) {
    String out = switch (r.nextInt(12)) {
      case 0 -> text.startsWith("{") && text.length() > 2
          ? "{\"" + firstKey(text) + "\":" + JsonObject.of("v", weird(r)).encode().substring(5).replaceAll("}$", "")
              + "," + text.substring(1)
          : text;
      case 1 -> text.substring(0, r.nextInt(text.length() + 1));
      case 2 -> insert(r, text, String.valueOf((char) r.nextInt(0x80)));
      case 3 -> insert(r, text, new String(Character.toChars(0x80 + r.nextInt(0x3000))));
      case 4 -> deep(r);
      case 5 -> text.replaceFirst("\"[^\"]*\"(?=\\s*[,}])", r.nextBoolean() ? "1e999999" : "123456789012345678901234567890123");
      case 6 -> new String[] {"", "null", "[]", "\"text\"", "123", "{}", "{", "}", "[1,2]", "{} {}", "\uFEFF" + text,
          text + "garbage", text + text, "{\"a\":1,}", "{'a':1}", "{\"a\":NaN}", "{\"a\":01}", "/* c */" + text}
          [r.nextInt(18)];
      case 7 -> text.replace(":", r.nextBoolean() ? " : " : ":\t");
      case 8 -> text.replace("\"", r.nextInt(10) == 0 ? "'" : "\"");
      case 9 -> text.replaceFirst("\\d", String.valueOf(r.nextInt(10)).repeat(1 + r.nextInt(400)));
      case 10 -> text + " ".repeat(r.nextInt(40_000));
      default -> {
        byte[] bytes = new byte[r.nextInt(200)];
        r.nextBytes(bytes);
        yield new String(bytes, StandardCharsets.ISO_8859_1);
      }
    };
    return out.getBytes(r.nextInt(20) == 0 ? StandardCharsets.UTF_16 : StandardCharsets.UTF_8);
  }

  private static String firstKey(String text) {
    int end = text.indexOf('"', 2);
    return end > 2 ? text.substring(2, end) : "a";
  }

  private static String insert(Random r, String text, String what) {
    int at = r.nextInt(text.length() + 1);
    return text.substring(0, at) + what + text.substring(at);
  }

  private static String deep(Random r) {
    int depth = new int[] {10, 999, 1_001, 5_000, 20_000}[r.nextInt(5)];
    String open = r.nextBoolean() ? "[" : "{\"a\":";
    String close = open.equals("[") ? "]" : "}";
    return open.repeat(depth) + "1" + close.repeat(r.nextInt(4) == 0 ? depth / 2 : depth);
  }
}
