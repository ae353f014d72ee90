package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Map;

/**
 * {@code datakey/:type/:name}: a random 128/256/512-bit key encrypted like an ordinary Transit plaintext,
 * returned with its plaintext for {@code plaintext} and without it for {@code wrapped}
 * (VAULT {@code path_datakey.go}). Never creates keys.
 */
final class DatakeyPath {
  static final Map<String, Fields.Type> SCHEMA = Map.of(
      "padding_scheme", Fields.Type.STRING, "context", Fields.Type.STRING, "nonce", Fields.Type.STRING,
      "bits", Fields.Type.INT, "key_version", Fields.Type.INT);

  private final TransitKeys keys;

  DatakeyPath(TransitKeys keys) {
    this.keys = keys;
  }

  Reply handle(String type, String name, JsonObject body) {
    if (!type.equals("plaintext") && !type.equals("wrapped")) {
      throw VaultError.badRequest("Invalid path, must be 'plaintext' or 'wrapped'");
    }
    byte[] context = decodeOr(Fields.string(body, "context"), "failed to base64-decode context");
    byte[] nonce = decodeOr(Fields.string(body, "nonce"), "failed to base64-decode nonce");
    TransitKey key = Requests.requireKey(keys, name);
    byte[] dataKey = new byte[byteLength(Fields.integer(body, "bits", 256))];
    keys.random().nextBytes(dataKey);
    try {
      if (Fields.has(body, "padding_scheme")) {
        throw VaultError.badRequest("padding_scheme argument invalid: " + paddingReason(key, body));
      }
      JsonObject data = encrypt(key, Fields.integer(body, "key_version", 0), context, nonce, dataKey);
      if (type.equals("plaintext")) {
        data.put("plaintext", Base64.getEncoder().encodeToString(dataKey));
      }
      return Reply.ok(data);
    } finally {
      TransitCrypto.zero(dataKey);
    }
  }

  private JsonObject encrypt(TransitKey key, long requestedVersion, byte[] context, byte[] nonce, byte[] dataKey) {
    try {
      int version = KeyCipher.encryptionVersion(key, requestedVersion);
      if (nonce.length > 0) {
        throw ItemFailure.user("nonce provided when not allowed");
      }
      String ciphertext = KeyCipher.encrypt(key, version, context, dataKey, "", keys.random());
      return new JsonObject().put("ciphertext", ciphertext).put("key_version", version);
    } catch (ItemFailure e) {
      throw e.kind() == ItemFailure.Kind.INTERNAL
          ? VaultError.internal(e.getMessage()) : VaultError.badRequest(e.getMessage());
    }
  }

  private static int byteLength(long bits) {
    return switch ((int) Math.max(Math.min(bits, Integer.MAX_VALUE), Integer.MIN_VALUE)) {
      case 128 -> 16;
      case 256 -> 32;
      case 512 -> 64;
      default -> throw VaultError.badRequest("invalid bit length");
    };
  }

  private static String paddingReason(TransitKey key, JsonObject body) {
    String scheme = Fields.string(body, "padding_scheme");
    return scheme.equals("oaep") || scheme.equals("pkcs1v15")
        ? "unsupported key type " + key.type().wireName() + " for padding scheme"
        : "unknown padding scheme: " + scheme;
  }

  private static byte[] decodeOr(String encoded, String message) {
    try {
      return GoBase64.decode(encoded);
    } catch (ItemFailure e) {
      throw VaultError.badRequest(message);
    }
  }
}
