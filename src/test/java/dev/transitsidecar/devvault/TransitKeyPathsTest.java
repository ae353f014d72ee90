package dev.transitsidecar.devvault;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransitKeyPathsTest {
  private final TransitFixture vault = new TransitFixture();

  @Test
  void createKey_new_returnsVaultsKeyDescription() {
    Reply reply = vault.write("keys/orders", new JsonObject());

    long now = vault.clock.instant().getEpochSecond();
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.warnings()).isEmpty();
    assertThat(reply.data().getMap()).containsExactlyInAnyOrderEntriesOf(new JsonObject()
        .put("allow_plaintext_backup", false).put("auto_rotate_period", 0L).put("deletion_allowed", false)
        .put("derived", false).put("exportable", false).put("imported_key", false)
        .put("keys", new JsonObject().put("1", now)).put("latest_version", 1).put("min_available_version", 0)
        .put("min_decryption_version", 1).put("min_encryption_version", 0).put("name", "orders")
        .put("supports_decryption", true).put("supports_derivation", true).put("supports_encryption", true)
        .put("supports_signing", false).put("type", "aes256-gcm96").getMap());
  }

  @Test
  void createKey_existing_keepsSettingsAndWarns() {
    vault.createKey("orders", new JsonObject());

    Reply again = vault.write("keys/orders", new JsonObject().put("exportable", true).put("type", "aes128-gcm96"));

    assertThat(again.warnings()).containsExactly("key orders already existed");
    assertThat(again.data().getBoolean("exportable")).isFalse();
    assertThat(again.data().getString("type")).isEqualTo("aes256-gcm96");
  }

  @Test
  void createKey_derivedConvergent_describesKdfAndConvergentVersion() {
    JsonObject data = vault.write("keys/d", new JsonObject()
        .put("derived", true).put("convergent_encryption", "true").put("type", "chacha20-poly1305")).data();

    assertThat(data.getString("kdf")).isEqualTo("hkdf_sha256");
    assertThat(data.getBoolean("convergent_encryption")).isTrue();
    assertThat(data.getInteger("convergent_encryption_version")).isEqualTo(-1);
    assertThat(data.getString("type")).isEqualTo("chacha20-poly1305");
  }

  static Stream<Arguments> invalidCreations() {
    return Stream.of(
        Arguments.of(new JsonObject().put("convergent_encryption", true),
            "convergent encryption requires derivation to be enabled"),
        Arguments.of(new JsonObject().put("auto_rotate_period", "30m"),
            "auto rotate period must be 0 to disable or at least an hour"),
        Arguments.of(new JsonObject().put("auto_rotate_period", 59),
            "auto rotate period must be 0 to disable or at least an hour"),
        Arguments.of(new JsonObject().put("type", "aes512-gcm"), "unknown key type aes512-gcm"),
        Arguments.of(new JsonObject().put("key_size", 64), "key_size is not valid for algorithm aes256-gcm96"),
        Arguments.of(new JsonObject().put("derived", "maybe"), "error converting input maybe for field \"derived\": "
            + "cannot parse '' as bool: strconv.ParseBool: parsing \"maybe\": invalid syntax"));
  }

  @ParameterizedTest
  @MethodSource("invalidCreations")
  void createKey_invalidRequest_400WithVaultMessage(JsonObject body, String message) {
    VaultError error = vault.writeFails("keys/k", body);

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.errors()).containsExactly(message);
    assertThat(vault.fails(Operation.READ, "keys/k", null).status()).isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ed25519", "ecdsa-p256", "rsa-2048", "hmac", "managed_key", "aes256-cmac", "ml-dsa"})
  void createKey_otherVaultType_400NotSupportedByEngine(String type) {
    VaultError error = vault.writeFails("keys/k", new JsonObject().put("type", type));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.errors().getFirst()).startsWith("key type " + type + " is not supported by the embedded");
  }

  @Test
  void createKey_autoRotatePeriodAsDuration_reportedInSeconds() {
    JsonObject data = vault.write("keys/k", new JsonObject().put("auto_rotate_period", "1h30m")).data();

    assertThat(data.getLong("auto_rotate_period")).isEqualTo(5400L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "a.b-c_d", "A9", "x-1.y"})
  void keyName_matchingGenericNameRegex_accepted(String name) {
    assertThat(vault.write("keys/" + name, new JsonObject()).status()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"keys/-a", "keys/a.", "keys/a b", "keys/.", "nope/a", "keys/a/b", "encrypt/a/"})
  void path_unknownOrBadName_404UnsupportedPath(String path) {
    VaultError error = vault.writeFails(path, new JsonObject());

    assertThat(error.status()).isEqualTo(404);
    assertThat(error.errors()).containsExactly("unsupported path");
  }

  @Test
  void path_wrongOperation_405() {
    assertThat(vault.fails(Operation.READ, "encrypt/k", null).status()).isEqualTo(405);
    assertThat(vault.fails(Operation.UPDATE, "keys", null).status()).isEqualTo(405);
  }

  @Test
  void readKey_unknown_404WithNoErrors() {
    VaultError error = vault.fails(Operation.READ, "keys/missing", null);

    assertThat(error.status()).isEqualTo(404);
    assertThat(error.errors()).isEmpty();
  }

  @Test
  void listKeys_empty_404ThenNamesInLexicalOrder() {
    assertThat(vault.fails(Operation.LIST, "keys", null).errors()).isEmpty();
    vault.createKey("b", new JsonObject());
    vault.createKey("a", new JsonObject());

    Reply reply = vault.backend.handle(Operation.LIST, "keys/", null);

    assertThat(reply.data().getJsonArray("keys")).containsExactly("a", "b");
  }

  @Test
  void deleteKey_rules_vaultMessagesThen204() {
    assertThat(vault.fails(Operation.DELETE, "keys/k", null).errors())
        .containsExactly("error deleting policy k: could not delete key; not found");
    vault.createKey("k", new JsonObject());
    assertThat(vault.fails(Operation.DELETE, "keys/k", null).errors())
        .containsExactly("error deleting policy k: deletion is not allowed for this key");
    vault.write("keys/k/config", new JsonObject().put("deletion_allowed", true));

    assertThat(vault.backend.handle(Operation.DELETE, "keys/k", null).status()).isEqualTo(204);
    assertThat(vault.fails(Operation.READ, "keys/k", null).status()).isEqualTo(404);
  }

  @Test
  void rotate_appendsVersionWithClockTime() {
    vault.createKey("k", new JsonObject());
    vault.clock.advance(Duration.ofSeconds(90));

    JsonObject data = vault.write("keys/k/rotate", new JsonObject()).data();

    long now = vault.clock.instant().getEpochSecond();
    assertThat(data.getInteger("latest_version")).isEqualTo(2);
    assertThat(data.getJsonObject("keys").getMap()).containsEntry("1", now - 90).containsEntry("2", now);
    assertThat(vault.writeFails("keys/nope/rotate", new JsonObject()).errors()).containsExactly("key not found");
  }

  @Test
  void autoRotate_periodElapsed_rotatesOnNextUse() {
    vault.createKey("k", new JsonObject().put("auto_rotate_period", "1h"));
    vault.clock.advance(Duration.ofHours(1));
    assertThat(vault.keyData("k").getInteger("latest_version")).isEqualTo(1);

    vault.clock.advance(Duration.ofSeconds(1));

    assertThat(vault.keyData("k").getInteger("latest_version")).isEqualTo(2);
  }

  @Test
  void config_minDecryptionVersion_hidesOlderVersions() {
    vault.createKey("k", new JsonObject());
    vault.write("keys/k/rotate", null);
    vault.write("keys/k/rotate", null);

    JsonObject data = vault.write("keys/k/config", new JsonObject().put("min_decryption_version", 2)).data();

    assertThat(data.getInteger("min_decryption_version")).isEqualTo(2);
    assertThat(data.getJsonObject("keys").fieldNames()).containsExactlyInAnyOrder("2", "3");
  }

  @Test
  void config_minDecryptionZero_forcedToOneWithWarning() {
    vault.createKey("k", new JsonObject());

    Reply reply = vault.write("keys/k/config", new JsonObject().put("min_decryption_version", 0));

    assertThat(reply.data().getInteger("min_decryption_version")).isEqualTo(1);
    assertThat(reply.warnings())
        .containsExactly("since Vault 0.3, transit key numbering starts at 1; forcing minimum to 1");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      {"min_decryption_version":-1}       | min decryption version cannot be negative
      {"min_encryption_version":-1}       | min encryption version cannot be negative
      {"min_decryption_version":4}        | cannot set min decryption version of 4, latest key version is 3
      {"min_encryption_version":"4"}      | cannot set min encryption version of 4, latest key version is 3
      {"min_decryption_version":3,"min_encryption_version":2} | cannot set min encryption/decryption values; min encryption version of 2 must be greater than or equal to min decryption version of 3
      {"auto_rotate_period":"10m","exportable":true} | auto rotate period must be 0 to disable or at least an hour
      {"min_decryption_version":"x"}      | error converting input x for field "min_decryption_version": cannot parse '' as int: strconv.ParseInt: parsing "x": invalid syntax
      """)
  void config_invalid_400AndNothingChanges(String body, String message) {
    vault.createKey("k", new JsonObject());
    vault.write("keys/k/rotate", null);
    vault.write("keys/k/rotate", null);
    JsonObject before = vault.keyData("k");

    VaultError error = vault.writeFails("keys/k/config", new JsonObject(body));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.errors()).containsExactly(message);
    assertThat(vault.keyData("k")).isEqualTo(before);
  }

  @Test
  void config_unknownKey_400() {
    assertThat(vault.writeFails("keys/nope/config", new JsonObject()).errors())
        .containsExactly("no existing key named nope could be found");
  }

  @Test
  void config_oneWayFlags_cannotBeUnset() {
    vault.createKey("k", new JsonObject());
    vault.write("keys/k/config", new JsonObject().put("exportable", true).put("allow_plaintext_backup", true));

    JsonObject data = vault.write("keys/k/config",
        new JsonObject().put("exportable", false).put("allow_plaintext_backup", false)).data();

    assertThat(data.getBoolean("exportable")).isTrue();
    assertThat(data.getBoolean("allow_plaintext_backup")).isTrue();
  }

  @Test
  void unknownBodyField_successReplyWarns() {
    Reply reply = vault.write("keys/k", new JsonObject().put("deletion_allowed", true).put("a", 1));

    assertThat(reply.warnings()).containsExactly("Endpoint ignored these unrecognized parameters: [a deletion_allowed]");
  }

  @Test
  void createKey_forDevCommand_isIdempotentAes256() {
    vault.backend.createKey("dev");
    vault.backend.createKey("dev");

    assertThat(vault.keyData("dev").getString("type")).isEqualTo("aes256-gcm96");
    assertThat(vault.keyData("dev").getInteger("latest_version")).isEqualTo(1);
    assertThat(vault.encrypt("dev", "x")).startsWith("vault:v1:");
  }
}
