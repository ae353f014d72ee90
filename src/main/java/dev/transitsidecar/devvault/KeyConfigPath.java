package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;

/**
 * {@code POST keys/:name/config} (VAULT {@code path_keys_config.go}): only present fields apply, in Vault's
 * order; any failure restores the version bounds and flags (not {@code auto_rotate_period}, as in Vault).
 * {@code min_available_version} is always 0 here (no trim), so Vault's "min available" checks never fire.
 */
final class KeyConfigPath {
  static final Map<String, Fields.Type> SCHEMA = Map.of(
      "min_decryption_version", Fields.Type.INT, "min_encryption_version", Fields.Type.INT,
      "deletion_allowed", Fields.Type.BOOL, "exportable", Fields.Type.BOOL,
      "allow_plaintext_backup", Fields.Type.BOOL, "auto_rotate_period", Fields.Type.DURATION);

  private final TransitKeys keys;

  KeyConfigPath(TransitKeys keys) {
    this.keys = keys;
  }

  Reply handle(String name, JsonObject body) {
    TransitKey key = keys.find(name);
    if (key == null) {
      throw VaultError.badRequest("no existing key named " + name + " could be found");
    }
    Snapshot before = Snapshot.of(key);
    try {
      String warning = apply(key, body);
      Reply reply = Reply.ok(key.describe());
      return warning == null ? reply : reply.withWarning(warning);
    } catch (VaultError e) {
      before.restore(key);
      throw e;
    }
  }

  private static String apply(TransitKey key, JsonObject body) {
    String warning = null;
    if (Fields.has(body, "min_decryption_version")) {
      long min = Fields.integer(body, "min_decryption_version", 0);
      if (min < 0) {
        throw VaultError.badRequest("min decryption version cannot be negative");
      }
      if (min == 0) {
        min = 1;
        warning = "since Vault 0.3, transit key numbering starts at 1; forcing minimum to 1";
      }
      key.setMinDecryptionVersion(checkNotAboveLatest(key, min, "decryption"));
    }
    if (Fields.has(body, "min_encryption_version")) {
      long min = Fields.integer(body, "min_encryption_version", 0);
      if (min < 0) {
        throw VaultError.badRequest("min encryption version cannot be negative");
      }
      key.setMinEncryptionVersion(checkNotAboveLatest(key, min, "encryption"));
    }
    checkEncryptionNotBelowDecryption(key);
    applyFlags(key, body);
    return warning;
  }

  private static int checkNotAboveLatest(TransitKey key, long min, String kind) {
    if (min > key.latestVersion()) {
      throw VaultError.badRequest("cannot set min " + kind + " version of " + min + ", latest key version is "
          + key.latestVersion());
    }
    return (int) min;
  }

  private static void checkEncryptionNotBelowDecryption(TransitKey key) {
    if (key.minEncryptionVersion() > 0 && key.minEncryptionVersion() < key.minDecryptionVersion()) {
      throw VaultError.badRequest("cannot set min encryption/decryption values; min encryption version of "
          + key.minEncryptionVersion() + " must be greater than or equal to min decryption version of "
          + key.minDecryptionVersion());
    }
  }

  private static void applyFlags(TransitKey key, JsonObject body) {
    if (Fields.has(body, "deletion_allowed")) {
      key.setDeletionAllowed(Fields.bool(body, "deletion_allowed"));
    }
    if (Fields.bool(body, "exportable")) {
      key.enableExport();
    }
    if (Fields.bool(body, "allow_plaintext_backup")) {
      key.enablePlaintextBackup();
    }
    if (Fields.has(body, "auto_rotate_period")) {
      Duration period = Duration.ofSeconds(Fields.durationSeconds(body, "auto_rotate_period"));
      KeyPaths.checkAutoRotatePeriod(period);
      key.setAutoRotatePeriod(period);
    }
  }

  /** The settings Vault restores when a config request fails. */
  private record Snapshot(int minDecryption, int minEncryption, boolean deletionAllowed, boolean exportable,
      boolean plaintextBackup) {
    static Snapshot of(TransitKey key) {
      return new Snapshot(key.minDecryptionVersion(), key.minEncryptionVersion(), key.deletionAllowed(),
          key.exportable(), key.allowPlaintextBackup());
    }

    void restore(TransitKey key) {
      key.setMinDecryptionVersion(minDecryption);
      key.setMinEncryptionVersion(minEncryption);
      key.setDeletionAllowed(deletionAllowed);
      key.restoreOneWayFlags(exportable, plaintextBackup);
    }
  }
}
