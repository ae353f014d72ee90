package dev.transitsidecar.devvault;

import static dev.transitsidecar.devvault.TransitFixture.b64;
import static dev.transitsidecar.devvault.TransitFixture.batch;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/vault-api.md 1.12: the existence check and encrypt's upsert; nothing else creates keys. */
class TransitAutoCreateTest {
  private final TransitFixture vault = new TransitFixture();

  @Test
  void resolve_updateOfEncryptForMissingKey_becomesCreate() {
    assertThat(vault.backend.resolve(Operation.UPDATE, "encrypt/new")).isEqualTo(Operation.CREATE);
    vault.createKey("new", new JsonObject());
    assertThat(vault.backend.resolve(Operation.UPDATE, "encrypt/new")).isEqualTo(Operation.UPDATE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"decrypt/new", "rewrap/new", "datakey/plaintext/new", "keys/new", "keys/new/rotate"})
  void resolve_otherPaths_unchanged(String path) {
    assertThat(vault.backend.resolve(Operation.UPDATE, path)).isEqualTo(Operation.UPDATE);
    assertThat(vault.backend.resolve(Operation.READ, "encrypt/new")).isEqualTo(Operation.READ);
  }

  @Test
  void encrypt_createOperation_createsPlainAes256Key() {
    Reply reply = vault.write("encrypt/auto", new JsonObject().put("plaintext", b64("x")));

    assertThat(reply.data().getString("ciphertext")).startsWith("vault:v1:");
    assertThat(reply.warnings()).isEmpty();
    JsonObject key = vault.keyData("auto");
    assertThat(key.getString("type")).isEqualTo("aes256-gcm96");
    assertThat(key.getBoolean("derived")).isFalse();
  }

  @Test
  void encrypt_createWithContextAndType_derivedKeyOfThatType() {
    JsonObject body = batch(new JsonObject().put("plaintext", "").put("context", b64("c")))
        .put("type", "aes128-gcm96").put("convergent_encryption", true);

    vault.write("encrypt/auto", body);

    JsonObject key = vault.keyData("auto");
    assertThat(key.getBoolean("derived")).isTrue();
    assertThat(key.getBoolean("convergent_encryption")).isTrue();
    assertThat(key.getString("type")).isEqualTo("aes128-gcm96");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      {"plaintext":"","convergent_encryption":true} | convergent encryption requires derivation to be enabled, so context is required
      {"plaintext":"","type":"ecdsa-p256"}          | key type ecdsa-p256 not supported for this operation
      {"plaintext":"","type":"ed25519"}             | unknown key type ed25519
      {"plaintext":"","type":"bogus"}               | unknown key type bogus
      """)
  void encrypt_createWithInvalidSettings_400AndNoKey(String body, String message) {
    VaultError error = vault.writeFails("encrypt/auto", new JsonObject(body));

    assertThat(error.errors()).containsExactly(message);
    assertThat(vault.fails(Operation.READ, "keys/auto", null).status()).isEqualTo(404);
  }

  @Test
  void encrypt_updateOperationOnMissingKey_400NotCreated() {
    VaultError error = vault.fails(Operation.UPDATE, "encrypt/none", new JsonObject().put("plaintext", ""));

    assertThat(error.errors()).containsExactly("encryption key not found");
    assertThat(vault.fails(Operation.READ, "keys/none", null).status()).isEqualTo(404);
  }

  @Test
  void encrypt_createOperationOnExistingKey_warnsCreatedBeforehand() {
    vault.createKey("k", new JsonObject());

    Reply reply = vault.backend.handle(Operation.CREATE, "encrypt/k", new JsonObject().put("plaintext", ""));

    assertThat(reply.warnings())
        .containsExactly("Attempted creation of the key during the encrypt operation, but it was created beforehand");
  }

  @ParameterizedTest
  @ValueSource(strings = {"decrypt/none", "rewrap/none", "datakey/plaintext/none", "datakey/wrapped/none"})
  void otherOperations_missingKey_400AndNeverCreate(String path) {
    VaultError error = vault.writeFails(path, new JsonObject().put("ciphertext", "vault:v1:AAAA"));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.errors()).containsExactly("encryption key not found");
    assertThat(vault.fails(Operation.LIST, "keys", null).status()).isEqualTo(404);
  }
}
