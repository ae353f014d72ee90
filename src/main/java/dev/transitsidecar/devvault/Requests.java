package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Supplier;

/** Checks shared by the encrypt, decrypt, rewrap and datakey paths, with Vault's messages. */
final class Requests {
  private Requests() {}

  /**
   * The request's items: {@code batch_input} decoded in {@code mode}'s way when given, else the single form (read
   * only then); no items at all is Vault's 400 {@code missing batch input to process}.
   */
  static List<BatchRequests.Item> items(List<Object> batch, BatchRequests.Mode mode,
      Supplier<BatchRequests.Item> single) {
    List<BatchRequests.Item> items = batch != null ? BatchRequests.decode(batch, mode) : List.of(single.get());
    if (items.isEmpty()) {
      throw VaultError.badRequest("missing batch input to process");
    }
    return items;
  }

  /**
   * Every item must carry a context iff item 0 does; otherwise the whole request is a 400. Returns whether
   * item 0 has one (encrypt's auto-create derives the key iff it does).
   */
  static boolean checkContexts(List<BatchRequests.Item> items) {
    boolean contextSet = !items.getFirst().context().isEmpty();
    for (BatchRequests.Item item : items) {
      if (item.context().isEmpty() == contextSet) {
        throw VaultError.badRequest("context should be set either in all the request blocks or in none");
      }
    }
    return contextSet;
  }

  /** The key, or Vault's 400 {@code encryption key not found}. */
  static TransitKey requireKey(TransitKeys keys, String name) {
    TransitKey key = keys.find(name);
    if (key == null) {
      throw VaultError.badRequest("encryption key not found");
    }
    return key;
  }

  /** {@code partial_failure_response_code} when given (already validated as an int), else null. */
  static Long partialFailureCode(JsonObject body) {
    return Fields.has(body, "partial_failure_response_code")
        ? Fields.integer(body, "partial_failure_response_code", 0) : null;
  }

  /**
   * Vault's {@code parsePaddingSchemeArg}: padding schemes exist only for RSA keys, so any non-empty value is
   * an item error here ({@code '[i].<field>' invalid: ...}); Vault does not flag the batch status for it.
   */
  static void checkPaddingScheme(TransitKey key, int index, String field, String scheme) {
    if (scheme.isEmpty()) {
      return;
    }
    String reason = scheme.equals("oaep") || scheme.equals("pkcs1v15")
        ? "unsupported key type " + key.type().wireName() + " for padding scheme"
        : "unknown padding scheme: " + scheme;
    throw ItemFailure.unflagged("'[" + index + "]." + field + "' invalid: " + reason);
  }
}
