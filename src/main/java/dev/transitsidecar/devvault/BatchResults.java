package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Per-item outcomes of one encrypt, decrypt or rewrap request and Vault's status rules for them
 * ({@code batchRequestResponse}, docs/vault-api.md section 1.9). Item JSON follows the Go structs' field order and
 * {@code omitempty} tags: encrypt/rewrap items {@code ciphertext,key_version,error} omitted when empty,
 * decrypt items always carry {@code plaintext}; {@code reference} is always present.
 */
final class BatchResults {
  private final List<BatchRequests.Item> items;
  private final String[] errors;
  private final ItemFailure.Kind[] kinds;
  private final JsonObject[] values;
  private boolean userError;
  private boolean internalError;
  private boolean success;

  BatchResults(List<BatchRequests.Item> items) {
    this.items = items;
    this.errors = new String[items.size()];
    this.kinds = new ItemFailure.Kind[items.size()];
    this.values = new JsonObject[items.size()];
  }

  int size() {
    return items.size();
  }

  BatchRequests.Item item(int i) {
    return items.get(i);
  }

  boolean failed(int i) {
    return errors[i] != null;
  }

  void fail(int i, ItemFailure failure) {
    errors[i] = failure.getMessage();
    kinds[i] = failure.kind();
    userError |= failure.kind() == ItemFailure.Kind.USER;
    internalError |= failure.kind() == ItemFailure.Kind.INTERNAL;
  }

  void succeed(int i, JsonObject value) {
    values[i] = value;
    success = true;
  }

  /** The single form: item 0's value, or its error as Vault's 400 (or 500 for an internal error). */
  JsonObject singleOrThrow(boolean internalIs500) {
    if (errors[0] == null) {
      return values[0];
    }
    if (internalIs500 && kinds[0] == ItemFailure.Kind.INTERNAL) {
      throw VaultError.internal(errors[0]);
    }
    throw VaultError.badRequest(errors[0]);
  }

  JsonArray encryptItems() {
    JsonArray out = new JsonArray();
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = new JsonObject();
      if (values[i] != null) {
        item.put("ciphertext", values[i].getString("ciphertext")).put("key_version", values[i].getInteger("key_version"));
      }
      out.add(withErrorAndReference(item, i));
    }
    return out;
  }

  JsonArray decryptItems() {
    JsonArray out = new JsonArray();
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = new JsonObject().put("plaintext", values[i] == null ? "" : values[i].getString("plaintext"));
      out.add(withErrorAndReference(item, i));
    }
    return out;
  }

  private JsonObject withErrorAndReference(JsonObject item, int i) {
    if (errors[i] != null && !errors[i].isEmpty()) {
      item.put("error", errors[i]);
    }
    return item.put("reference", items.get(i).reference());
  }

  /**
   * Vault's status for an encrypt or decrypt batch: 200 when no item failed in a flagged way, else 400 (any user
   * error) or 500; a partial failure (some success) takes {@code partial_failure_response_code} when it is
   * 1..599, otherwise the default stays and a warning says so.
   */
  Reply batchReply(JsonObject data, List<String> warnings, Long partialFailureCode) {
    Reply reply = new Reply(200, data, warnings, null);
    if (!userError && !internalError) {
      return reply;
    }
    int code = userError ? 400 : 500;
    if (partialFailureCode != null && success) {
      if (partialFailureCode < 1 || partialFailureCode > 599) {
        reply = reply.withWarning(
            "invalid HTTP response code override from partial_failure_response_code, reverting to " + code);
      } else {
        code = partialFailureCode.intValue();
      }
    }
    return reply.withStatus(code);
  }
}
