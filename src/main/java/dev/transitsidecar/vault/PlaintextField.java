package dev.transitsidecar.vault;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Finds where the value of {@code data.plaintext} lies in Vault's decrypt answer, reading the bytes in place, so the
 * plaintext never becomes a {@code String}. A strict, small JSON scanner: the body must be one object whose
 * {@code data} member is an object with exactly one {@code plaintext} member, a string without escapes (base64 has
 * none); any doubt (a duplicate or escaped name, an escape in the value, nesting deeper than {@value #MAX_DEPTH},
 * trailing bytes, malformed JSON) answers empty: the decrypt cache then does not cache the answer, and the
 * keystore's unwrap fails with a clear error.
 */
public final class PlaintextField {
  private static final int MAX_DEPTH = 16;
  private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PLAINTEXT = "plaintext".getBytes(StandardCharsets.US_ASCII);

  /** The value's bytes are {@code [start, end)} of the body, without the quotes. */
  public record Range(int start, int end) {
    public int length() {
      return end - start;
    }
  }

  private static final class Unsure extends RuntimeException {
    Unsure() {
      super("unsure", null, false, false);
    }
  }

  private final Buffer body;
  private int pos;
  private Range plaintext;
  private boolean sawData;

  private PlaintextField(Buffer body) {
    this.body = body;
  }

  public static Optional<Range> find(Buffer body) {
    PlaintextField scanner = new PlaintextField(body);
    try {
      scanner.object(0, true);
      scanner.whitespace();
      return scanner.pos == body.length() ? Optional.ofNullable(scanner.plaintext) : Optional.empty();
    } catch (Unsure | IndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  /** An object; at the top level its {@code data} member is searched, inside {@code data} its {@code plaintext}. */
  private void object(int depth, boolean top) {
    expect('{');
    whitespace();
    if (peek() == '}') {
      pos++;
      return;
    }
    do {
      whitespace();
      Range name = string();
      whitespace();
      expect(':');
      whitespace();
      member(name, depth, top);
      whitespace();
    } while (take() == ',');
    if (body.getByte(pos - 1) != '}') {
      throw new Unsure();
    }
  }

  private void member(Range name, int depth, boolean top) {
    if (top && is(name, DATA)) {
      if (sawData || peek() != '{') {
        throw new Unsure();
      }
      sawData = true;
      object(depth + 1, false);
    } else if (!top && depth == 1 && is(name, PLAINTEXT)) {
      if (plaintext != null || peek() != '"') {
        throw new Unsure();
      }
      plaintext = string();
    } else {
      value(depth + 1);
    }
  }

  private void value(int depth) {
    if (depth > MAX_DEPTH) {
      throw new Unsure();
    }
    switch (peek()) {
      case '{' -> skipObject(depth);
      case '[' -> skipArray(depth);
      case '"' -> skipString();
      default -> literal();
    }
  }

  private void skipObject(int depth) {
    expect('{');
    whitespace();
    if (peek() == '}') {
      pos++;
      return;
    }
    do {
      whitespace();
      skipString();
      whitespace();
      expect(':');
      whitespace();
      value(depth + 1);
      whitespace();
    } while (take() == ',');
    if (body.getByte(pos - 1) != '}') {
      throw new Unsure();
    }
  }

  private void skipArray(int depth) {
    expect('[');
    whitespace();
    if (peek() == ']') {
      pos++;
      return;
    }
    do {
      whitespace();
      value(depth + 1);
      whitespace();
    } while (take() == ',');
    if (body.getByte(pos - 1) != ']') {
      throw new Unsure();
    }
  }

  /** A string without escapes (member names and the plaintext); its range without the quotes. */
  private Range string() {
    expect('"');
    int start = pos;
    for (byte b = take(); b != '"'; b = take()) {
      if (b == '\\' || (b >= 0 && b < 0x20)) {
        throw new Unsure();
      }
    }
    return new Range(start, pos - 1);
  }

  private void skipString() {
    expect('"');
    for (byte b = take(); b != '"'; b = take()) {
      if (b == '\\') {
        take();
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

  private boolean is(Range name, byte[] expected) {
    if (name.length() != expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (body.getByte(name.start() + i) != expected[i]) {
        return false;
      }
    }
    return true;
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
