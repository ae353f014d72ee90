package dev.transitsidecar.proxy;

import dev.transitsidecar.vault.JsonRanges;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A single-item {@code encrypt} or {@code decrypt} body that may join a batch: it is a JSON object whose every field
 * is one a {@code batch_input} item carries with the same meaning (docs/vault-api.md sections 1.7 and 1.8), every value a
 * string (or, for {@code key_version}, a non-negative JSON integer), and the required input is there ({@code
 * plaintext}, which may be empty; {@code ciphertext}, which may not). Anything else ({@code nonce}, {@code
 * partial_failure_response_code}, {@code batch_input}, a string {@code key_version}, {@code type}, {@code
 * reference}, an unknown field, a null) is sent alone. The body is read in place: no value becomes a
 * {@code String}.
 *
 * @param withContext whether it has a non-empty {@code context}: Vault refuses a batch that mixes the two
 * @param body the request as it came
 */
record BatchItem(boolean withContext, Buffer body) {
  /** The two operations that coalesce, and what their single-form answer's {@code data} holds. */
  enum Op {
    ENCRYPT("transit/encrypt", "plaintext", Set.of("plaintext", "context", "key_version", "associated_data",
        "padding_scheme"), List.of("ciphertext", "key_version")),
    DECRYPT("transit/decrypt", "ciphertext", Set.of("ciphertext", "context", "associated_data", "padding_scheme"),
        List.of("plaintext"));

    final String route;
    final String input;
    final Set<String> fields;
    final List<String> answer;

    Op(String route, String input, Set<String> fields, List<String> answer) {
      this.route = route;
      this.input = input;
      this.fields = fields;
      this.answer = answer;
    }

    static Optional<Op> of(String route) {
      for (Op op : values()) {
        if (op.route.equals(route)) {
          return Optional.of(op);
        }
      }
      return Optional.empty();
    }
  }

  private static final byte[] OPEN_ITEM = "{\"reference\":\"".getBytes(StandardCharsets.US_ASCII);

  /** The body as a batch item, or empty when it must be sent alone. */
  static Optional<BatchItem> of(Op op, Buffer body) {
    if (body == null) {
      return Optional.empty();
    }
    Optional<List<JsonRanges.Member>> members = JsonRanges.whole(body)
        .flatMap(range -> JsonRanges.members(body, range));
    if (members.isEmpty() || !joinable(op, body, members.get())) {
      return Optional.empty();
    }
    boolean withContext = members.get().stream()
        .anyMatch(m -> m.name().equals("context") && !JsonRanges.isEmptyString(body, m.value()));
    return Optional.of(new BatchItem(withContext, body));
  }

  private static boolean joinable(Op op, Buffer body, List<JsonRanges.Member> members) {
    boolean hasInput = false;
    for (JsonRanges.Member member : members) {
      if (!op.fields.contains(member.name()) || !valueFits(body, member)) {
        return false;
      }
      if (member.name().equals(op.input)) {
        hasInput = op == Op.ENCRYPT || !JsonRanges.isEmptyString(body, member.value());
      }
    }
    return hasInput;
  }

  private static boolean valueFits(Buffer body, JsonRanges.Member member) {
    JsonRanges.Range value = member.value();
    if (!member.name().equals("key_version")) {
      return body.getByte(value.start()) == '"';
    }
    int length = value.end() - value.start();
    for (int i = value.start(); i < value.end(); i++) {
      byte b = body.getByte(i);
      if (b < '0' || b > '9') {
        return false;
      }
    }
    return length > 0 && length <= 9;
  }

  /** Appends this request as item {@code reference} of a {@code batch_input}: its own fields plus the reference. */
  void appendAsItem(Buffer batch, int reference) {
    int open = 0;
    while (body.getByte(open) != '{') {
      open++;
    }
    batch.appendBytes(OPEN_ITEM).appendString(Integer.toString(reference)).appendString("\",")
        .appendBuffer(body, open + 1, body.length() - open - 1);
  }
}
