package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;

/**
 * {@code GET export/:type/:name[/:version]} (VAULT {@code path_export.go}) for exportable keys: the raw
 * version keys ({@code encryption-key}) or HMAC keys ({@code hmac-key}) in standard base64, so that tests can
 * check ciphertexts independently. Only versions at or above {@code min_decryption_version} are exported.
 */
final class ExportPath {
  private final TransitKeys keys;

  ExportPath(TransitKeys keys) {
    this.keys = keys;
  }

  Reply handle(String exportType, String name, String version) {
    switch (exportType) {
      case "encryption-key", "hmac-key", "signing-key", "public-key", "certificate-chain" -> { }
      case "cmac-key" -> throw VaultError.badRequest(
          "cmac-key export is not supported by the embedded transit engine (devvault)");
      default -> throw VaultError.badRequest("invalid export type: " + exportType);
    }
    TransitKey key = keys.find(name);
    if (key == null) {
      throw VaultError.notFound();
    }
    boolean publicMaterial = exportType.equals("public-key") || exportType.equals("certificate-chain");
    if (!key.exportable() && !publicMaterial) {
      throw VaultError.badRequest("private key material is not exportable");
    }
    if (exportType.equals("signing-key")) {
      throw VaultError.badRequest("signing not supported for the key");
    }
    if (exportType.equals("certificate-chain")) {
      throw VaultError.badRequest("certificate chain not supported for keys that do not support signing");
    }
    JsonObject exported = new JsonObject();
    for (int v : versions(key, version)) {
      exported.put(Integer.toString(v), material(key, v, exportType));
    }
    return Reply.ok(new JsonObject().put("keys", exported).put("name", key.name()).put("type", key.type().wireName()));
  }

  private static List<Integer> versions(TransitKey key, String version) {
    if (version == null) {
      return key.liveVersions();
    }
    Long number = version.equals("latest") ? Long.valueOf(key.latestVersion())
        : Ciphertexts.goAtoi(version.startsWith("v") ? version.substring(1) : version);
    if (number == null) {
      throw VaultError.badRequest("invalid key version");
    }
    if (number < key.minDecryptionVersion()) {
      throw VaultError.badRequest("version for export is below minimum decryption version");
    }
    if (number > key.latestVersion()) {
      throw VaultError.badRequest("version does not exist or cannot be found");
    }
    return List.of(number.intValue());
  }

  private static String material(TransitKey key, int version, String exportType) {
    KeyVersion entry = key.liveVersion(version);
    byte[] bytes = switch (exportType) {
      case "encryption-key" -> entry.exposeKeyBytes();
      case "hmac-key" -> entry.exposeHmacKeyBytes();
      default -> throw VaultError.internal(
          "unknown key type " + key.type().wireName() + " for export type " + exportType);
    };
    try {
      return Base64.getEncoder().encodeToString(bytes);
    } finally {
      TransitCrypto.zero(bytes);
    }
  }
}
