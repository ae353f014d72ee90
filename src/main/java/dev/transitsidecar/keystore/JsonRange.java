package dev.transitsidecar.keystore;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Finds where a string value sits in a JSON document without decoding any value into a {@code String}: Vault's
 * {@code data.plaintext} is located this way and decoded from the response bytes straight into locked memory. The
 * walk follows the JSON structure (objects, arrays, strings with escapes, literals), so a key-like text inside a
 * string value is never taken for a key. Only keys are compared, byte by byte.
 *
 * @param start index of the value's first byte (after the opening quote)
 * @param end index of the closing quote
 */
record JsonRange(int start, int end) {
  /** The range of the string at {@code path} (object keys from the top), if the document has one there. */
  static Optional<JsonRange> of(Buffer json, List<String> path) {
    try {
      Walk walk = new Walk(json);
      return walk.find(walk.skipSpace(0), path, 0);
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private record Walk(Buffer json) {
    Optional<JsonRange> find(int at, List<String> path, int depth) {
      if (json.getByte(at) != '{') {
        return Optional.empty();
      }
      at = skipSpace(at + 1);
      while (json.getByte(at) != '}') {
        int keyEnd = stringEnd(at);
        boolean match = keyEquals(at + 1, keyEnd, path.get(depth));
        int value = skipSpace(expect(skipSpace(keyEnd + 1), ':'));
        if (match && depth == path.size() - 1) {
          return json.getByte(value) == '"' ? Optional.of(new JsonRange(value + 1, stringEnd(value))) : Optional.empty();
        }
        if (match) {
          return find(value, path, depth + 1);
        }
        at = skipSpace(skipValue(value));
        if (json.getByte(at) == ',') {
          at = skipSpace(at + 1);
        }
      }
      return Optional.empty();
    }

    /** The index after the value starting at {@code at}. */
    int skipValue(int at) {
      byte b = json.getByte(at);
      if (b == '"') {
        return stringEnd(at) + 1;
      }
      if (b == '{' || b == '[') {
        return skipContainer(at);
      }
      int end = at;
      while (end < json.length() && isLiteral(json.getByte(end))) {
        end++;
      }
      if (end == at) {
        throw new IllegalArgumentException("not JSON");
      }
      return end;
    }

    private int skipContainer(int at) {
      int depth = 0;
      for (int i = at; ; i++) {
        byte b = json.getByte(i);
        if (b == '"') {
          i = stringEnd(i);
        } else if (b == '{' || b == '[') {
          depth++;
        } else if ((b == '}' || b == ']') && --depth == 0) {
          return i + 1;
        }
      }
    }

    /** The index of the closing quote of the string whose opening quote is at {@code at}. */
    int stringEnd(int at) {
      if (json.getByte(at) != '"') {
        throw new IllegalArgumentException("not a string");
      }
      for (int i = at + 1; ; i++) {
        byte b = json.getByte(i);
        if (b == '\\') {
          i++;
        } else if (b == '"') {
          return i;
        }
      }
    }

    private boolean keyEquals(int start, int end, String key) {
      byte[] expected = key.getBytes(StandardCharsets.UTF_8);
      if (end - start != expected.length) {
        return false;
      }
      for (int i = 0; i < expected.length; i++) {
        if (json.getByte(start + i) != expected[i]) {
          return false;
        }
      }
      return true;
    }

    private int expect(int at, char c) {
      if (json.getByte(at) != c) {
        throw new IllegalArgumentException("not JSON");
      }
      return at + 1;
    }

    int skipSpace(int at) {
      while (at < json.length() && isSpace(json.getByte(at))) {
        at++;
      }
      return at;
    }

    private static boolean isSpace(byte b) {
      return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static boolean isLiteral(byte b) {
      return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '+' || b == '.' || b == 'E';
    }
  }
}
