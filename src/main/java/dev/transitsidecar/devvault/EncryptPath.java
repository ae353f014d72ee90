package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code encrypt/:name}, single and batch, with auto-create on CREATE (VAULT {@code path_encrypt.go}). */
final class EncryptPath {
  static final Map<String, Fields.Type> SCHEMA = Map.ofEntries(
      Map.entry("plaintext", Fields.Type.STRING), Map.entry("padding_scheme", Fields.Type.STRING),
      Map.entry("context", Fields.Type.STRING), Map.entry("nonce", Fields.Type.STRING),
      Map.entry("type", Fields.Type.STRING), Map.entry("convergent_encryption", Fields.Type.BOOL),
      Map.entry("key_version", Fields.Type.INT), Map.entry("partial_failure_response_code", Fields.Type.INT),
      Map.entry("associated_data", Fields.Type.STRING), Map.entry("batch_input", Fields.Type.SLICE));

  private final TransitKeys keys;

  EncryptPath(TransitKeys keys) {
    this.keys = keys;
  }

  Reply handle(Operation op, String name, JsonObject body) {
    List<Object> batch = Fields.slice(body, "batch_input");
    List<BatchRequests.Item> items = Requests.items(batch, BatchRequests.Mode.ENCRYPT, () -> single(body));
    BatchResults results = new BatchResults(items);
    boolean contextSet = Requests.checkContexts(items);
    byte[][] plaintexts = decodeInputs(results);
    try {
      List<String> warnings = new ArrayList<>();
      TransitKey key = lookup(op, name, body, contextSet, warnings);
      for (int i = 0; i < results.size(); i++) {
        encryptItem(key, results, i, plaintexts[i]);
      }
      if (batch == null) {
        return new Reply(200, results.singleOrThrow(true), warnings, null);
      }
      JsonObject data = new JsonObject().put("batch_results", results.encryptItems());
      return results.batchReply(data, warnings, Requests.partialFailureCode(body));
    } finally {
      TransitCrypto.zero(plaintexts);
    }
  }

  private static BatchRequests.Item single(JsonObject body) {
    if (!Fields.has(body, "plaintext")) {
      throw VaultError.badRequest("missing plaintext to encrypt");
    }
    return new BatchRequests.Item(Fields.string(body, "plaintext"), "", Fields.string(body, "context"),
        Fields.string(body, "nonce"), Fields.integer(body, "key_version", 0),
        Fields.string(body, "associated_data"), Fields.string(body, "padding_scheme"), "", "");
  }

  /** Vault's pre-loop: plaintext, context and nonce must be valid base64 (item errors otherwise). */
  private static byte[][] decodeInputs(BatchResults results) {
    byte[][] plaintexts = new byte[results.size()][];
    for (int i = 0; i < results.size(); i++) {
      BatchRequests.Item item = results.item(i);
      try {
        plaintexts[i] = GoBase64.decode(item.plaintext());
        GoBase64.decode(item.context());
        GoBase64.decode(item.nonce());
      } catch (ItemFailure e) {
        results.fail(i, e);
      }
    }
    return plaintexts;
  }

  private TransitKey lookup(Operation op, String name, JsonObject body, boolean contextSet, List<String> warnings) {
    if (op == Operation.CREATE) {
      boolean convergent = Fields.bool(body, "convergent_encryption");
      if (convergent && !contextSet) {
        throw VaultError.badRequest("convergent encryption requires derivation to be enabled, so context is required");
      }
      String typeName = Fields.has(body, "type") ? Fields.string(body, "type") : "aes256-gcm96";
      KeyType type = KeyType.forUpsert(typeName);
      TransitKey.Spec spec = new TransitKey.Spec(type, contextSet, convergent, false, false, Duration.ZERO);
      if (!keys.createIfAbsent(name, spec)) {
        warnings.add("Attempted creation of the key during the encrypt operation, but it was created beforehand");
      }
    }
    return Requests.requireKey(keys, name);
  }

  private void encryptItem(TransitKey key, BatchResults results, int i, byte[] plaintext) {
    if (results.failed(i)) {
      return;
    }
    BatchRequests.Item item = results.item(i);
    try {
      if (!item.nonce().isEmpty()) {
        throw ItemFailure.user("provided nonce not allowed for this key");
      }
      Requests.checkPaddingScheme(key, i, "padding_scheme", item.paddingScheme());
      int version = KeyCipher.encryptionVersion(key, item.keyVersion());
      byte[] context = GoBase64.decode(item.context());
      String ciphertext = KeyCipher.encrypt(key, version, context, plaintext, item.associatedData(), keys.random());
      results.succeed(i, new JsonObject().put("ciphertext", ciphertext).put("key_version", version));
    } catch (ItemFailure e) {
      results.fail(i, e);
    }
  }
}
