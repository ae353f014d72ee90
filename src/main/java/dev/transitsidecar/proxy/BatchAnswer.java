package dev.transitsidecar.proxy;

import dev.transitsidecar.vault.JsonRanges;
import dev.transitsidecar.vault.VaultResponse;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns Vault's answer to a coalesced {@code batch_input} into the answer each member would have had alone
 * (docs/vault-api.md sections 1.7 to 1.9), reading the body in place so that no plaintext becomes a {@code String}:
 * <ul>
 *   <li>an item that succeeded: 200 with the batch's envelope, its {@code data} replaced by the single form's
 *       ({@code ciphertext} and {@code key_version}, or {@code plaintext}), copied byte for byte from the item;
 *   <li>an item with an {@code error}: {@code {"errors":["<error>"]}} with 400, or 500 when the batch's status is
 *       500 (Vault answers 500 only when no item failed for a user error);
 *   <li>an answer that is not a batch result (403, 503, {@code encryption key not found}, any status but 200, 400
 *       and 500): a copy of it for every member.
 * </ul>
 * Items are matched by {@code reference} (the member's index), never by order alone. A 200 answer whose items cannot
 * be matched with certainty answers empty: the caller then sends each member alone. The batch's body is not wiped
 * here: the caller does that once every member has its own copy.
 */
final class BatchAnswer {
  private static final byte[] ERRORS_OPEN = "{\"errors\":[".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ERRORS_CLOSE = "]}".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern REFERENCE = Pattern.compile("[0-9]{1,4}");

  private BatchAnswer() {}

  /** One answer per member, in member order; empty when each member must be sent alone. */
  static Optional<List<VaultResponse>> split(BatchItem.Op op, VaultResponse batch, int size) {
    int status = batch.status();
    if (status != 200 && status != 400 && status != 500) {
      return Optional.of(copies(batch, size));
    }
    Optional<Items> items = items(op, batch.body(), size);
    if (items.isPresent()) {
      return Optional.of(answers(op, batch, items.get()));
    }
    return status == 200 ? Optional.empty() : Optional.of(copies(batch, size));
  }

  /** Where {@code data} lies in the body, and each member's item, indexed by reference. */
  private record Items(JsonRanges.Range data, List<Map<String, JsonRanges.Range>> byReference) {}

  private static Optional<Items> items(BatchItem.Op op, Buffer body, int size) {
    Optional<JsonRanges.Range> data = JsonRanges.whole(body)
        .flatMap(whole -> JsonRanges.members(body, whole))
        .flatMap(members -> member(members, "data"));
    Optional<List<JsonRanges.Range>> results = data
        .flatMap(range -> JsonRanges.members(body, range))
        .flatMap(members -> member(members, "batch_results"))
        .flatMap(range -> JsonRanges.elements(body, range))
        .filter(elements -> elements.size() == size);
    if (results.isEmpty()) {
      return Optional.empty();
    }
    List<Map<String, JsonRanges.Range>> byReference = new ArrayList<>(Collections.nCopies(size, null));
    for (JsonRanges.Range element : results.get()) {
      Optional<Map<String, JsonRanges.Range>> item = JsonRanges.members(body, element).map(BatchAnswer::byName);
      int reference = item.map(fields -> reference(body, fields)).orElse(-1);
      if (reference < 0 || reference >= size || byReference.get(reference) != null || !complete(op, body, item.get())) {
        return Optional.empty();
      }
      byReference.set(reference, item.get());
    }
    return Optional.of(new Items(data.get(), byReference));
  }

  /** An item with an error, or with every field of the single form's {@code data}. */
  private static boolean complete(BatchItem.Op op, Buffer body, Map<String, JsonRanges.Range> item) {
    JsonRanges.Range error = item.get("error");
    return (error != null && !JsonRanges.isEmptyString(body, error)) || item.keySet().containsAll(op.answer);
  }

  private static Optional<JsonRanges.Range> member(List<JsonRanges.Member> members, String name) {
    return members.stream().filter(m -> m.name().equals(name)).map(JsonRanges.Member::value).findFirst();
  }

  private static Map<String, JsonRanges.Range> byName(List<JsonRanges.Member> members) {
    return members.stream().collect(Collectors.toMap(JsonRanges.Member::name, JsonRanges.Member::value));
  }

  private static int reference(Buffer body, Map<String, JsonRanges.Range> item) {
    Optional<String> text = Optional.ofNullable(item.get("reference")).flatMap(r -> JsonRanges.plainString(body, r));
    if (text.isEmpty() || !REFERENCE.matcher(text.get()).matches()) {
      return -1;
    }
    return Integer.parseInt(text.get());
  }

  private static List<VaultResponse> answers(BatchItem.Op op, VaultResponse batch, Items items) {
    List<VaultResponse> answers = new ArrayList<>();
    for (Map<String, JsonRanges.Range> item : items.byReference()) {
      answers.add(answer(op, batch, items.data(), item));
    }
    return answers;
  }

  private static VaultResponse answer(BatchItem.Op op, VaultResponse batch, JsonRanges.Range data,
      Map<String, JsonRanges.Range> item) {
    Buffer body = batch.body();
    JsonRanges.Range error = item.get("error");
    if (error != null && !JsonRanges.isEmptyString(body, error)) {
      Buffer errors = Buffer.buffer().appendBytes(ERRORS_OPEN)
          .appendBuffer(body, error.start(), error.end() - error.start()).appendBytes(ERRORS_CLOSE);
      return new VaultResponse(batch.status() == 500 ? 500 : 400, batch.contentType(), errors);
    }
    // The envelope around data, and the item's fields: sized exactly, not like the whole batch (one per member).
    int length = data.start() + 2 + body.length() - data.end();
    for (String name : op.answer) {
      JsonRanges.Range value = item.get(name);
      length += value == null ? 0 : name.length() + 4 + value.end() - value.start();
    }
    Buffer single = Buffer.buffer(length).appendBuffer(body, 0, data.start()).appendString("{");
    String separator = "";
    for (String name : op.answer) {
      JsonRanges.Range value = item.get(name);
      if (value != null) {
        single.appendString(separator).appendString("\"" + name + "\":")
            .appendBuffer(body, value.start(), value.end() - value.start());
        separator = ",";
      }
    }
    single.appendString("}").appendBuffer(body, data.end(), body.length() - data.end());
    return new VaultResponse(200, batch.contentType(), single);
  }

  private static List<VaultResponse> copies(VaultResponse batch, int size) {
    List<VaultResponse> copies = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      copies.add(new VaultResponse(batch.status(), batch.contentType(), batch.body().copy()));
    }
    return copies;
  }
}
