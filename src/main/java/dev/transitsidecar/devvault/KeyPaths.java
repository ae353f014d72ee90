package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code keys} (LIST), {@code keys/:name} (create, read, delete) and {@code keys/:name/rotate}
 * (VAULT {@code path_keys.go}, {@code path_rotate.go}). Create, read and rotate answer with the key's
 * description (Vault 1.14+).
 */
final class KeyPaths {
  static final Map<String, Fields.Type> CREATE_SCHEMA = Map.ofEntries(
      Map.entry("type", Fields.Type.STRING), Map.entry("derived", Fields.Type.BOOL),
      Map.entry("convergent_encryption", Fields.Type.BOOL), Map.entry("exportable", Fields.Type.BOOL),
      Map.entry("allow_plaintext_backup", Fields.Type.BOOL), Map.entry("context", Fields.Type.STRING),
      Map.entry("auto_rotate_period", Fields.Type.DURATION), Map.entry("key_size", Fields.Type.INT),
      Map.entry("managed_key_name", Fields.Type.STRING), Map.entry("managed_key_id", Fields.Type.STRING),
      Map.entry("parameter_set", Fields.Type.STRING), Map.entry("hybrid_key_type_pqc", Fields.Type.STRING),
      Map.entry("hybrid_key_type_ec", Fields.Type.STRING));
  static final Map<String, Fields.Type> ROTATE_SCHEMA = Map.of(
      "managed_key_name", Fields.Type.STRING, "managed_key_id", Fields.Type.STRING);

  private static final Duration ONE_HOUR = Duration.ofHours(1);

  private final TransitKeys keys;

  KeyPaths(TransitKeys keys) {
    this.keys = keys;
  }

  /** {@code LIST keys}: names in lexical order; none is Vault's 404 with no errors. */
  Reply list() {
    List<String> names = keys.names();
    if (names.isEmpty()) {
      throw VaultError.notFound();
    }
    return Reply.ok(new JsonObject().put("keys", new JsonArray(List.copyOf(names))));
  }

  /** {@code POST keys/:name}: idempotent; an existing key keeps its settings and the reply warns. */
  Reply create(String name, JsonObject body) {
    Duration autoRotate = Duration.ofSeconds(Fields.durationSeconds(body, "auto_rotate_period"));
    checkAutoRotatePeriod(autoRotate);
    boolean derived = Fields.bool(body, "derived");
    boolean convergent = Fields.bool(body, "convergent_encryption");
    if (!derived && convergent) {
      throw VaultError.badRequest("convergent encryption requires derivation to be enabled");
    }
    KeyType type = KeyType.forKeyCreation(Fields.has(body, "type") ? Fields.string(body, "type") : "aes256-gcm96");
    if (Fields.integer(body, "key_size", 0) != 0) {
      throw VaultError.badRequest("key_size is not valid for algorithm " + type.wireName());
    }
    TransitKey.Spec spec = new TransitKey.Spec(type, derived, convergent, Fields.bool(body, "exportable"),
        Fields.bool(body, "allow_plaintext_backup"), autoRotate);
    boolean created = keys.createIfAbsent(name, spec);
    Reply reply = Reply.ok(keys.find(name).describe());
    return created ? reply : reply.withWarning("key " + name + " already existed");
  }

  /** {@code GET keys/:name}; an unknown key is Vault's 404 with no errors. */
  Reply read(String name, JsonObject body) {
    TransitKey key = keys.find(name);
    if (key == null) {
      throw VaultError.notFound();
    }
    try {
      GoBase64.decode(Fields.string(body, "context"));
    } catch (ItemFailure e) {
      throw VaultError.badRequest("failed to base64-decode context");
    }
    return Reply.ok(key.describe());
  }

  /** {@code DELETE keys/:name}: 204, or 400 unless the key exists and allows deletion. */
  Reply delete(String name) {
    TransitKey key = keys.find(name);
    if (key == null) {
      throw VaultError.badRequest("error deleting policy " + name + ": could not delete key; not found");
    }
    if (!key.deletionAllowed()) {
      throw VaultError.badRequest("error deleting policy " + name + ": deletion is not allowed for this key");
    }
    keys.delete(name);
    return Reply.noContent();
  }

  /** {@code POST keys/:name/rotate}. */
  Reply rotate(String name) {
    TransitKey key = keys.find(name);
    if (key == null) {
      throw VaultError.badRequest("key not found");
    }
    keys.rotate(key);
    return Reply.ok(key.describe());
  }

  /** Non-zero periods must be at least an hour (create and config). */
  static void checkAutoRotatePeriod(Duration period) {
    if (!period.isZero() && period.compareTo(ONE_HOUR) < 0) {
      throw VaultError.badRequest("auto rotate period must be 0 to disable or at least an hour");
    }
  }
}
