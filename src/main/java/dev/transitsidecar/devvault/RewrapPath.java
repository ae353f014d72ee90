package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * {@code rewrap/:name}: decrypts with the ciphertext's version and encrypts again with {@code key_version}
 * (0 = latest), always with a fresh nonce. Batches always answer 200 (VAULT {@code path_rewrap.go}).
 */
final class RewrapPath {
  static final Map<String, Fields.Type> SCHEMA = Map.of(
      "ciphertext", Fields.Type.STRING, "context", Fields.Type.STRING, "nonce", Fields.Type.STRING,
      "key_version", Fields.Type.INT, "encrypt_padding_scheme", Fields.Type.STRING,
      "decrypt_padding_scheme", Fields.Type.STRING, "batch_input", Fields.Type.SLICE);

  private final TransitKeys keys;

  RewrapPath(TransitKeys keys) {
    this.keys = keys;
  }

  Reply handle(String name, JsonObject body) {
    List<Object> batch = Fields.slice(body, "batch_input");
    BatchResults results = DecryptPath.decodeAndCheck(batch, BatchRequests.Mode.REWRAP, () -> single(body));
    TransitKey key = Requests.requireKey(keys, name);
    for (int i = 0; i < results.size(); i++) {
      rewrapItem(key, results, i);
    }
    if (batch == null) {
      return Reply.ok(results.singleOrThrow(false));
    }
    return Reply.ok(new JsonObject().put("batch_results", results.encryptItems()));
  }

  private static BatchRequests.Item single(JsonObject body) {
    return new BatchRequests.Item("", DecryptPath.requiredCiphertext(body), Fields.string(body, "context"),
        Fields.string(body, "nonce"), Fields.integer(body, "key_version", 0), "",
        Fields.string(body, "decrypt_padding_scheme"), Fields.string(body, "encrypt_padding_scheme"), "");
  }

  private void rewrapItem(TransitKey key, BatchResults results, int i) {
    if (results.failed(i)) {
      return;
    }
    BatchRequests.Item item = results.item(i);
    byte[] plaintext = null;
    try {
      Requests.checkPaddingScheme(key, i, "decrypt_padding_scheme", item.paddingScheme());
      if (!item.nonce().isEmpty()) {
        throw ItemFailure.user("provided nonce not allowed for this key");
      }
      byte[] context = GoBase64.decode(item.context());
      plaintext = KeyCipher.decrypt(key, context, item.ciphertext(), "");
      Requests.checkPaddingScheme(key, i, "encrypt_padding_scheme", item.encryptPaddingScheme());
      int version = KeyCipher.encryptionVersion(key, item.keyVersion());
      String ciphertext = KeyCipher.encrypt(key, version, context, plaintext, "", keys.random());
      results.succeed(i, new JsonObject().put("ciphertext", ciphertext).put("key_version", version));
    } catch (ItemFailure e) {
      if (e.kind() == ItemFailure.Kind.INTERNAL) {
        throw VaultError.internal(e.getMessage());
      }
      results.fail(i, e);
    } finally {
      TransitCrypto.zero(plaintext);
    }
  }
}
