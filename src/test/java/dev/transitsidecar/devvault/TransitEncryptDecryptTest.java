package dev.transitsidecar.devvault;

import static dev.transitsidecar.devvault.TransitFixture.b64;
import static dev.transitsidecar.devvault.TransitFixture.batch;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransitEncryptDecryptTest {
  private final TransitFixture vault = TransitFixture.withKey("k");

  @ParameterizedTest
  @ValueSource(strings = {"aes256-gcm96", "aes128-gcm96", "chacha20-poly1305"})
  void encryptDecrypt_eachType_roundTripsWithVaultFormat(String type) {
    vault.createKey("t", new JsonObject().put("type", type));

    Reply reply = vault.write("encrypt/t", new JsonObject().put("plaintext", b64("hello")));

    String ciphertext = reply.data().getString("ciphertext");
    assertThat(reply.data().getInteger("key_version")).isEqualTo(1);
    assertThat(ciphertext).startsWith("vault:v1:");
    assertThat(Base64.getDecoder().decode(ciphertext.substring(9))).hasSize(5 + 12 + 16);
    assertThat(vault.decrypt("t", ciphertext)).isEqualTo("hello");
  }

  @Test
  void encrypt_emptyPlaintext_decryptsToEmpty() {
    String ciphertext = vault.encrypt("k", "");

    assertThat(vault.write("decrypt/k", new JsonObject().put("ciphertext", ciphertext)).data().getString("plaintext"))
        .isEmpty();
  }

  @Test
  void encrypt_sameInputTwice_differentCiphertexts() {
    assertThat(vault.encrypt("k", "x")).isNotEqualTo(vault.encrypt("k", "x"));
  }

  @Test
  void batch_roundTrip_echoesReferences() {
    JsonArray encrypted = vault.write("encrypt/k", batch(
        new JsonObject().put("plaintext", b64("one")).put("reference", "r1"),
        new JsonObject().put("plaintext", b64("two")))).data().getJsonArray("batch_results");

    assertThat(encrypted.getJsonObject(0).fieldNames()).containsExactly("ciphertext", "key_version", "reference");
    assertThat(encrypted.getJsonObject(0).getString("reference")).isEqualTo("r1");
    assertThat(encrypted.getJsonObject(1).getString("reference")).isEmpty();
    JsonArray decrypted = vault.write("decrypt/k", batch(
        new JsonObject().put("ciphertext", encrypted.getJsonObject(1).getString("ciphertext")).put("reference", "b"),
        new JsonObject().put("ciphertext", encrypted.getJsonObject(0).getString("ciphertext"))))
        .data().getJsonArray("batch_results");
    assertThat(decrypted.getJsonObject(0).getMap()).containsExactly(
        java.util.Map.entry("plaintext", b64("two")), java.util.Map.entry("reference", "b"));
    assertThat(decrypted.getJsonObject(1).getString("plaintext")).isEqualTo(b64("one"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      nope:v1:AAAA                  | invalid ciphertext: no prefix
      vault:v1                      | invalid ciphertext: wrong number of fields
      vault:vx:AAAA                 | invalid ciphertext: version number could not be decoded
      vault:v2:AAAA                 | invalid ciphertext: version is too new
      vault:v1:A$AA                 | invalid ciphertext: could not decode base64
      vault:v1:AAAAAAAAAAAAAAA=     | invalid ciphertext length
      vault:v1:AAAAAAAAAAAAAAAA     | cipher: message authentication failed
      vault:v0:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA | cipher: message authentication failed
      """)
  void decrypt_badCiphertext_400WithVaultMessage(String ciphertext, String message) {
    VaultError error = vault.writeFails("decrypt/k", new JsonObject().put("ciphertext", ciphertext));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.errors()).containsExactly(message);
  }

  @Test
  void decrypt_versionBelowMinimum_tooOld() {
    String v1 = vault.encrypt("k", "old");
    vault.write("keys/k/rotate", null);
    vault.write("keys/k/config", new JsonObject().put("min_decryption_version", 2));

    assertThat(vault.writeFails("decrypt/k", new JsonObject().put("ciphertext", v1)).errors())
        .containsExactly("ciphertext or signature version is disallowed by policy (too old)");
    assertThat(vault.writeFails("decrypt/k", new JsonObject().put("ciphertext", "vault:v-1:x")).errors())
        .containsExactly("ciphertext or signature version is disallowed by policy (too old)");
  }

  @Test
  void decrypt_v0Prefix_treatedAsVersion1() {
    String v1 = vault.encrypt("k", "legacy");

    assertThat(vault.decrypt("k", v1.replace("vault:v1:", "vault:v0:"))).isEqualTo("legacy");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 11, 12, 20, 27})
  void decrypt_oneByteTampered_authenticationFails(int offset) {
    byte[] body = Base64.getDecoder().decode(vault.encrypt("k", "tamper me!!!").substring(9));
    body[offset % body.length] ^= 0x01;
    String tampered = "vault:v1:" + Base64.getEncoder().encodeToString(body);

    assertThat(vault.writeFails("decrypt/k", new JsonObject().put("ciphertext", tampered)).errors())
        .containsExactly("cipher: message authentication failed");
  }

  @Test
  void decrypt_chachaTampered_goChachaMessage() {
    vault.createKey("c", new JsonObject().put("type", "chacha20-poly1305"));
    byte[] body = Base64.getDecoder().decode(vault.encrypt("c", "x").substring(9));
    body[body.length - 1] ^= 0x40;
    String tampered = "vault:v1:" + Base64.getEncoder().encodeToString(body);

    assertThat(vault.writeFails("decrypt/c", new JsonObject().put("ciphertext", tampered)).errors())
        .containsExactly("chacha20poly1305: message authentication failed");
  }

  @Test
  void associatedData_boundToCiphertext() {
    String aad = b64("tenant-7");
    String ciphertext = vault.write("encrypt/k", new JsonObject().put("plaintext", b64("s")).put("associated_data", aad))
        .data().getString("ciphertext");

    assertThat(vault.write("decrypt/k", new JsonObject().put("ciphertext", ciphertext).put("associated_data", aad))
        .data().getString("plaintext")).isEqualTo(b64("s"));
    assertThat(vault.writeFails("decrypt/k", new JsonObject().put("ciphertext", ciphertext)).errors())
        .containsExactly("cipher: message authentication failed");
  }

  @Test
  void encrypt_invalidAssociatedDataBase64_internal500() {
    VaultError error = vault.writeFails("encrypt/k", new JsonObject().put("plaintext", "").put("associated_data", "**"));

    assertThat(error.status()).isEqualTo(500);
    assertThat(error.errors()).containsExactly(
        "unable to get associated_data/additional_data from factory[0]: illegal base64 data at input byte 0");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      {"plaintext":"Zm9v!"}                       | illegal base64 data at input byte 4
      {"plaintext":"Zm9v","context":"?"}          | illegal base64 data at input byte 0
      {"plaintext":"Zm9v","nonce":"AAAAAAAAAAAAAAAA"} | provided nonce not allowed for this key
      {"plaintext":"Zm9v","key_version":-1}       | requested version for encryption is negative
      {"plaintext":"Zm9v","key_version":3}        | requested version for encryption is higher than the latest key version
      {"plaintext":"Zm9v","padding_scheme":"oaep"} | '[0].padding_scheme' invalid: unsupported key type aes256-gcm96 for padding scheme
      {"context":"Zm9v"}                          | missing plaintext to encrypt
      {"plaintext":"Zm9v","key_version":"two"}    | error converting input two for field "key_version": cannot parse '' as int: strconv.ParseInt: parsing "two": invalid syntax
      {"batch_input":[]}                          | missing batch input to process
      {"batch_input":[{"plaintext":""},{"plaintext":"","context":"Zm9v"}]} | context should be set either in all the request blocks or in none
      """)
  void encrypt_invalidRequest_400WithVaultMessage(String body, String message) {
    vault.write("keys/k/rotate", null);

    VaultError error = vault.writeFails("encrypt/k", new JsonObject(body));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.errors()).containsExactly(message);
  }

  @Test
  void decrypt_missingCiphertext_400() {
    assertThat(vault.writeFails("decrypt/k", new JsonObject()).errors()).containsExactly("missing ciphertext to decrypt");
  }

  @Test
  void encrypt_keyVersionAsString_singleFormAccepted() {
    vault.write("keys/k/rotate", null);

    Reply reply = vault.write("encrypt/k", new JsonObject().put("plaintext", b64("x")).put("key_version", "1"));

    assertThat(reply.data().getString("ciphertext")).startsWith("vault:v1:");
    assertThat(reply.data().getInteger("key_version")).isEqualTo(1);
  }

  @Test
  void batch_keyVersionAsString_whole500ParseFailure() {
    VaultError error = vault.writeFails("encrypt/k", batch(new JsonObject().put("plaintext", "").put("key_version", "1")));

    assertThat(error.status()).isEqualTo(500);
    assertThat(error.errors()).containsExactly("failed to parse batch input: 1 error(s) decoding:\n\n"
        + "* '[0].key_version' expected type 'int', got unconvertible type 'string'");
  }

  @Test
  void batch_missingPlaintextAndCiphertext_whole500ParseFailure() {
    assertThat(vault.writeFails("encrypt/k", batch(new JsonObject(), new JsonObject().put("plaintext", 5))).errors())
        .containsExactly("failed to parse batch input: 2 error(s) decoding:\n\n"
            + "* '[0].plaintext' missing plaintext to encrypt\n"
            + "* '[1].plaintext' expected type 'string', got unconvertible type 'json.Number'");
    assertThat(vault.writeFails("decrypt/k", batch(new JsonObject().put("reference", "r"))).errors())
        .containsExactly("failed to parse batch input: 1 error(s) decoding:\n\n"
            + "* '[0].ciphertext' missing ciphertext to decrypt");
  }

  @Test
  void batch_itemNotAnObject_whole500() {
    JsonObject body = new JsonObject().put("batch_input", new JsonArray().add("x"));

    assertThat(vault.writeFails("encrypt/k", body).errors())
        .containsExactly("failed to parse batch input: [0] expected a map, got 'string'");
  }

  @Test
  void encrypt_minEncryptionVersion_rejectsOlderExplicitVersions() {
    vault.write("keys/k/rotate", null);
    vault.write("keys/k/rotate", null);
    vault.write("keys/k/config", new JsonObject().put("min_encryption_version", 2));

    assertThat(vault.writeFails("encrypt/k", new JsonObject().put("plaintext", "").put("key_version", 1)).errors())
        .containsExactly("requested version for encryption is less than the minimum encryption key version");
    assertThat(vault.write("encrypt/k", new JsonObject().put("plaintext", "").put("key_version", 2)).data()
        .getString("ciphertext")).startsWith("vault:v2:");
    assertThat(vault.encrypt("k", "")).startsWith("vault:v3:");
  }

  @Test
  void encrypt_explicitArchivedVersion_noSuchKeyVersion() {
    vault.write("keys/k/rotate", null);
    vault.write("keys/k/config", new JsonObject().put("min_decryption_version", 2));

    assertThat(vault.writeFails("encrypt/k", new JsonObject().put("plaintext", "").put("key_version", 1)).errors())
        .containsExactly("no such key version");
  }

  @Test
  void rotate_oldCiphertextStillDecrypts_newOnesUseLatest() {
    String v1 = vault.encrypt("k", "before");
    vault.write("keys/k/rotate", null);

    assertThat(vault.encrypt("k", "after")).startsWith("vault:v2:");
    assertThat(vault.decrypt("k", v1)).isEqualTo("before");
  }
}
