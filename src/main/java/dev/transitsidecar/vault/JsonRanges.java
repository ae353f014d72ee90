package dev.transitsidecar.vault;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the members of a JSON object, or the elements of an array, lie in a buffer, read in place so that no value
 * becomes a {@code String} (a batch decrypt answer holds plaintexts). Strict: any doubt (malformed JSON, a duplicate
 * or escaped member name, nesting deeper than {@value #MAX_DEPTH}, trailing bytes) answers empty.
 */
public final class JsonRanges {
  private static final int MAX_DEPTH = 16;

  /** Bytes {@code [start, end)} of the buffer: a whole value, quotes included for a string. */
  public record Range(int start, int end) {}

  /** One member: its name (never a secret) and its value's range. */
  public record Member(String name, Range value) {}

  private static final class Unsure extends RuntimeException {
    Unsure() {
      super("unsure", null, false, false);
    }
  }

  private final Buffer body;
  private int pos;

  private JsonRanges(Buffer body, int pos) {
    this.body = body;
    this.pos = pos;
  }

  /** The whole buffer as one value, with only whitespace around it. */
  public static Optional<Range> whole(Buffer body) {
    JsonRanges scanner = new JsonRanges(body, 0);
    try {
      scanner.whitespace();
      int start = scanner.pos;
      scanner.value(0);
      int end = scanner.pos;
      scanner.whitespace();
      return scanner.pos == body.length() ? Optional.of(new Range(start, end)) : Optional.empty();
    } catch (Unsure | IndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  /** The members of the object at {@code range}, in order; empty if it is not an object. */
  public static Optional<List<Member>> members(Buffer body, Range range) {
    if (body.getByte(range.start()) != '{') {
      return Optional.empty();
    }
    JsonRanges scanner = new JsonRanges(body, range.start() + 1);
    List<Member> members = new ArrayList<>();
    Set<String> names = new HashSet<>();
    try {
      scanner.whitespace();
      if (scanner.peek() == '}') {
        return Optional.of(members);
      }
      do {
        scanner.whitespace();
        String name = scanner.name();
        scanner.whitespace();
        scanner.expect(':');
        scanner.whitespace();
        int start = scanner.pos;
        scanner.value(1);
        members.add(new Member(name, new Range(start, scanner.pos)));
        if (!names.add(name)) {
          return Optional.empty();
        }
        scanner.whitespace();
      } while (scanner.take() == ',');
      return body.getByte(scanner.pos - 1) == '}' ? Optional.of(members) : Optional.empty();
    } catch (Unsure | IndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  /** The elements of the array at {@code range}, in order; empty if it is not an array. */
  public static Optional<List<Range>> elements(Buffer body, Range range) {
    if (body.getByte(range.start()) != '[') {
      return Optional.empty();
    }
    JsonRanges scanner = new JsonRanges(body, range.start() + 1);
    List<Range> elements = new ArrayList<>();
    try {
      scanner.whitespace();
      if (scanner.peek() == ']') {
        return Optional.of(elements);
      }
      do {
        scanner.whitespace();
        int start = scanner.pos;
        scanner.value(1);
        elements.add(new Range(start, scanner.pos));
        scanner.whitespace();
      } while (scanner.take() == ',');
      return body.getByte(scanner.pos - 1) == ']' ? Optional.of(elements) : Optional.empty();
    } catch (Unsure | IndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  /** The content of a string value without escapes (a reference we wrote), or empty. Only for non-secrets. */
  public static Optional<String> plainString(Buffer body, Range range) {
    if (range.end() - range.start() < 2 || body.getByte(range.start()) != '"' || body.getByte(range.end() - 1) != '"') {
      return Optional.empty();
    }
    for (int i = range.start() + 1; i < range.end() - 1; i++) {
      if (body.getByte(i) == '\\') {
        return Optional.empty();
      }
    }
    return Optional.of(body.getString(range.start() + 1, range.end() - 1, StandardCharsets.UTF_8.name()));
  }

  /** Whether the value is the string {@code ""}. */
  public static boolean isEmptyString(Buffer body, Range range) {
    return range.end() - range.start() == 2 && body.getByte(range.start()) == '"';
  }

  private String name() {
    int start = pos;
    expect('"');
    for (byte b = take(); b != '"'; b = take()) {
      if (b == '\\' || (b >= 0 && b < 0x20)) {
        throw new Unsure();
      }
    }
    return body.getString(start + 1, pos - 1, StandardCharsets.UTF_8.name());
  }

  private void value(int depth) {
    if (depth > MAX_DEPTH) {
      throw new Unsure();
    }
    switch (peek()) {
      case '{' -> container(depth, '}', true);
      case '[' -> container(depth, ']', false);
      case '"' -> string();
      default -> literal();
    }
  }

  private void container(int depth, char close, boolean object) {
    pos++;
    whitespace();
    if (peek() == close) {
      pos++;
      return;
    }
    do {
      whitespace();
      if (object) {
        string();
        whitespace();
        expect(':');
        whitespace();
      }
      value(depth + 1);
      whitespace();
    } while (take() == ',');
    if (body.getByte(pos - 1) != close) {
      throw new Unsure();
    }
  }

  private void string() {
    expect('"');
    for (byte b = take(); b != '"'; b = take()) {
      if (b == '\\') {
        take();
      } else if (b >= 0 && b < 0x20) {
        throw new Unsure();
      }
    }
  }

  private void literal() {
    int start = pos;
    while (pos < body.length() && isLiteralByte(peek())) {
      pos++;
    }
    if (pos == start) {
      throw new Unsure();
    }
  }

  private static boolean isLiteralByte(byte b) {
    return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '+' || b == '.' || b == 'E';
  }

  private void whitespace() {
    while (pos < body.length() && isWhitespace(body.getByte(pos))) {
      pos++;
    }
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  private void expect(char c) {
    if (take() != c) {
      throw new Unsure();
    }
  }

  private byte peek() {
    return body.getByte(pos);
  }

  private byte take() {
    return body.getByte(pos++);
  }
}
