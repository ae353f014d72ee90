package dev.transitsidecar.contract;

import static dev.transitsidecar.contract.VaultAssertions.assertError;
import static dev.transitsidecar.contract.VaultAssertions.assertOk;
import static dev.transitsidecar.contract.VaultAssertions.assertOkWithWarnings;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** {@code keys/:name/config} and the version gates it sets (docs/vault-api.md 1.6, 1.7 item 6, 1.8 too-old). */
abstract class TransitKeyConfigContract extends ContractSupport {
  private static final String TOO_OLD = "ciphertext or signature version is disallowed by policy (too old)";

  private VaultHttp.Response config(String key, JsonObject body) {
    return transit("keys/" + key + "/config", body);
  }

  @Test
  void configKey_unknown_returns400() {
    String name = unique("missing");
    assertError(config(name, new JsonObject().put("deletion_allowed", true)), 400,
        "no existing key named " + name + " could be found");
  }

  @Test
  void configKey_negativeMinDecryptionVersion_returns400() {
    assertError(config(createKey(), new JsonObject().put("min_decryption_version", -1)), 400,
        "min decryption version cannot be negative");
  }

  @Test
  void configKey_negativeMinEncryptionVersion_returns400() {
    assertError(config(createKey(), new JsonObject().put("min_encryption_version", -1)), 400,
        "min encryption version cannot be negative");
  }

  @Test
  void configKey_minDecryptionVersionZero_coercedToOneWithWarning() {
    JsonObject data = assertOkWithWarnings(config(createKey(), new JsonObject().put("min_decryption_version", 0)),
        "since Vault 0.3, transit key numbering starts at 1; forcing minimum to 1");
    assertThat(data.getInteger("min_decryption_version")).isEqualTo(1);
  }

  @Test
  void configKey_minDecryptionVersionAboveLatest_returns400() {
    assertError(config(createKey(), new JsonObject().put("min_decryption_version", 5)), 400,
        "cannot set min decryption version of 5, latest key version is 1");
  }

  @Test
  void configKey_minEncryptionVersionAboveLatest_returns400() {
    assertError(config(createKey(), new JsonObject().put("min_encryption_version", 5)), 400,
        "cannot set min encryption version of 5, latest key version is 1");
  }

  @Test
  void configKey_minEncryptionBelowMinDecryption_returns400() {
    String key = createKey();
    rotate(key, 2);
    assertError(config(key, new JsonObject().put("min_decryption_version", 3).put("min_encryption_version", 2)), 400,
        "cannot set min encryption/decryption values; min encryption version of 2 must be greater than or equal"
            + " to min decryption version of 3");
  }

  @Test
  void configKey_autoRotatePeriodUnderAnHour_returns400() {
    assertError(config(createKey(), new JsonObject().put("auto_rotate_period", 60)), 400,
        "auto rotate period must be 0 to disable or at least an hour");
  }

  @Test
  void configKey_raiseMinDecryptionVersion_hidesOldVersionsFromKeys() {
    String key = createKey();
    rotate(key, 2);
    JsonObject data = assertOk(config(key, new JsonObject().put("min_decryption_version", 2)));
    assertThat(data.getInteger("min_decryption_version")).isEqualTo(2);
    assertThat(data.getInteger("latest_version")).isEqualTo(3);
    assertThat(data.getJsonObject("keys").fieldNames()).containsExactlyInAnyOrder("2", "3");
    assertThat(assertOk(get("transit/keys/" + key)).getJsonObject("keys").fieldNames())
        .containsExactlyInAnyOrder("2", "3");
  }

  @Test
  void decrypt_versionBelowMinDecryptionVersion_returns400TooOld() {
    String key = createKey();
    String old = encrypt(key, "old secret");
    rotate(key, 1);
    String current = encrypt(key, "new secret");
    assertOk(config(key, new JsonObject().put("min_decryption_version", 2)));
    assertError(transit("decrypt/" + key, item("ciphertext", old)), 400, TOO_OLD);
    assertThat(assertOk(transit("decrypt/" + key, item("ciphertext", current))).getString("plaintext"))
        .isEqualTo(b64("new secret"));
  }

  @Test
  void rewrap_versionBelowMinDecryptionVersion_returns400TooOld() {
    String key = createKey();
    String old = encrypt(key, "old secret");
    rotate(key, 1);
    assertOk(config(key, new JsonObject().put("min_decryption_version", 2)));
    assertError(transit("rewrap/" + key, item("ciphertext", old)), 400, TOO_OLD);
  }

  @Test
  void encrypt_keyVersionBelowMinEncryptionVersion_returns400() {
    String key = createKey();
    rotate(key, 2);
    JsonObject data = assertOk(config(key, new JsonObject().put("min_encryption_version", 2)));
    assertThat(data.getInteger("min_encryption_version")).isEqualTo(2);
    assertError(transit("encrypt/" + key, item("plaintext", b64("x")).put("key_version", 1)), 400,
        "requested version for encryption is less than the minimum encryption key version");
    assertThat(encrypt(key, item("plaintext", b64("x")).put("key_version", 2))).startsWith("vault:v2:");
    assertThat(encrypt(key, "x")).as("no key_version means latest").startsWith("vault:v3:");
  }

  @Test
  void configKey_exportableAndPlaintextBackup_areSetAndReadBack() {
    String key = createKey();
    JsonObject data = assertOk(config(key, new JsonObject().put("exportable", true).put("allow_plaintext_backup", true)));
    assertThat(data.getBoolean("exportable")).isTrue();
    assertThat(data.getBoolean("allow_plaintext_backup")).isTrue();
    assertThat(data.getBoolean("deletion_allowed")).as("fields not sent stay as they were").isFalse();
  }
}
