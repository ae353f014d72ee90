package dev.transitsidecar.vault;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Optional;

/**
 * Finds where the value of {@code data.plaintext} lies in Vault's decrypt answer, reading the bytes in place
 * ({@link JsonRanges}), so the plaintext never becomes a {@code String}. Strict: the body must be one object whose
 * {@code data} member is an object with one {@code plaintext} member, a string without escapes (base64 has none);
 * any doubt (a duplicate or escaped name, an escape in the value, deep nesting, trailing bytes, malformed JSON)
 * answers empty: the decrypt cache then does not cache the answer, and the keystore's unwrap fails with a clear
 * error.
 */
public final class PlaintextField {
  private PlaintextField() {}

  /** The value's bytes are {@code [start, end)} of the body, without the quotes. */
  public record Range(int start, int end) {
    public int length() {
      return end - start;
    }
  }

  public static Optional<Range> find(Buffer body) {
    return JsonRanges.whole(body)
        .flatMap(whole -> JsonRanges.members(body, whole))
        .flatMap(members -> member(members, "data"))
        .flatMap(data -> JsonRanges.members(body, data))
        .flatMap(members -> member(members, "plaintext"))
        .flatMap(value -> unescapedContent(body, value));
  }

  /** The member's value ({@link JsonRanges#members} has already refused duplicate names). */
  private static Optional<JsonRanges.Range> member(List<JsonRanges.Member> members, String name) {
    return members.stream().filter(m -> m.name().equals(name)).map(JsonRanges.Member::value).findFirst();
  }

  private static Optional<Range> unescapedContent(Buffer body, JsonRanges.Range value) {
    if (value.end() - value.start() < 2 || body.getByte(value.start()) != '"') {
      return Optional.empty();
    }
    for (int i = value.start() + 1; i < value.end() - 1; i++) {
      if (body.getByte(i) == '\\') {
        return Optional.empty();
      }
    }
    return Optional.of(new Range(value.start() + 1, value.end() - 1));
  }
}
