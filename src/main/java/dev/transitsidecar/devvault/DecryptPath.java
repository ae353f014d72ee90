package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code decrypt/:name}, single and batch; never creates keys (VAULT {@code path_decrypt.go}). */
final class DecryptPath {
  static final Map<String, Fields.Type> SCHEMA = Map.of(
      "ciphertext", Fields.Type.STRING, "padding_scheme", Fields.Type.STRING,
      "context", Fields.Type.STRING, "nonce", Fields.Type.STRING,
      "partial_failure_response_code", Fields.Type.INT, "associated_data", Fields.Type.STRING,
      "batch_input", Fields.Type.SLICE);

  private final TransitKeys keys;

  DecryptPath(TransitKeys keys) {
    this.keys = keys;
  }

  Reply handle(String name, JsonObject body) {
    List<Object> batch = Fields.slice(body, "batch_input");
    BatchResults results = decodeAndCheck(batch, BatchRequests.Mode.DECRYPT, () -> single(body));
    TransitKey key = Requests.requireKey(keys, name);
    for (int i = 0; i < results.size(); i++) {
      decryptItem(key, results, i);
    }
    if (batch == null) {
      return Reply.ok(results.singleOrThrow(true));
    }
    JsonObject data = new JsonObject().put("batch_results", results.decryptItems());
    return results.batchReply(data, List.of(), Requests.partialFailureCode(body));
  }

  private static BatchRequests.Item single(JsonObject body) {
    return new BatchRequests.Item("", requiredCiphertext(body), Fields.string(body, "context"),
        Fields.string(body, "nonce"), 0, Fields.string(body, "associated_data"), Fields.string(body, "padding_scheme"),
        "", "");
  }

  /**
   * The step decrypt and rewrap share, in Vault's order: the items (see {@link Requests#items}), a context in all
   * of them or in none (else a 400), then each item's pre-loop check as an item error.
   */
  static BatchResults decodeAndCheck(List<Object> batch, BatchRequests.Mode mode,
      Supplier<BatchRequests.Item> single) {
    List<BatchRequests.Item> items = Requests.items(batch, mode, single);
    BatchResults results = new BatchResults(items);
    Requests.checkContexts(items);
    for (int i = 0; i < results.size(); i++) {
      precheck(results, i);
    }
    return results;
  }

  /** The single form's {@code ciphertext}; empty or absent is Vault's 400 {@code missing ciphertext to decrypt}. */
  static String requiredCiphertext(JsonObject body) {
    String ciphertext = Fields.string(body, "ciphertext");
    if (ciphertext.isEmpty()) {
      throw VaultError.badRequest("missing ciphertext to decrypt");
    }
    return ciphertext;
  }

  /** Vault's pre-loop: a ciphertext is required, context and nonce must be valid base64. */
  private static void precheck(BatchResults results, int i) {
    BatchRequests.Item item = results.item(i);
    if (item.ciphertext().isEmpty()) {
      results.fail(i, ItemFailure.user("missing ciphertext to decrypt"));
      return;
    }
    try {
      GoBase64.decode(item.context());
      GoBase64.decode(item.nonce());
    } catch (ItemFailure e) {
      results.fail(i, e);
    }
  }

  private static void decryptItem(TransitKey key, BatchResults results, int i) {
    if (results.failed(i)) {
      return;
    }
    BatchRequests.Item item = results.item(i);
    byte[] plaintext = null;
    try {
      Requests.checkPaddingScheme(key, i, "padding_scheme", item.paddingScheme());
      plaintext = KeyCipher.decrypt(key, GoBase64.decode(item.context()), item.ciphertext(), item.associatedData());
      results.succeed(i, new JsonObject().put("plaintext", Base64.getEncoder().encodeToString(plaintext)));
    } catch (ItemFailure e) {
      results.fail(i, e);
    } finally {
      TransitCrypto.zero(plaintext);
    }
  }
}
