package dev.transitsidecar.devvault;

import static dev.transitsidecar.devvault.TransitFixture.b64;
import static dev.transitsidecar.devvault.TransitFixture.batch;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docs/vault-api.md 1.9: batch status codes, partial_failure_response_code, item shapes, rewrap always 200. */
class TransitBatchStatusTest {
  private static final JsonObject GOOD = new JsonObject().put("plaintext", b64("ok")).put("reference", "good");
  private static final JsonObject BAD = new JsonObject().put("plaintext", "%%").put("reference", "bad");
  private static final JsonObject BAD_AAD = new JsonObject().put("plaintext", "").put("associated_data", "%");

  private final TransitFixture vault = TransitFixture.withKey("k");

  @Test
  void encryptBatch_allSucceed_200() {
    assertThat(vault.write("encrypt/k", batch(GOOD, GOOD)).status()).isEqualTo(200);
  }

  @Test
  void encryptBatch_partialUserFailure_400WithFullBodyAndOmittedFields() {
    Reply reply = vault.write("encrypt/k", batch(GOOD, BAD));

    assertThat(reply.status()).isEqualTo(400);
    JsonArray results = reply.data().getJsonArray("batch_results");
    assertThat(results.getJsonObject(0).getString("ciphertext")).startsWith("vault:v1:");
    assertThat(results.getJsonObject(1).getMap()).containsExactly(
        java.util.Map.entry("error", "illegal base64 data at input byte 0"), java.util.Map.entry("reference", "bad"));
  }

  @ParameterizedTest
  @CsvSource(textBlock = """
      202, 202, ''
      299, 299, ''
      600, 400, 'invalid HTTP response code override from partial_failure_response_code, reverting to 400'
      0,   400, 'invalid HTTP response code override from partial_failure_response_code, reverting to 400'
      """)
  void encryptBatch_partialFailureOverride_appliedWhenInRange(int override, int status, String warning) {
    JsonObject body = batch(GOOD, BAD).put("partial_failure_response_code", override);

    Reply reply = vault.write("encrypt/k", body);

    assertThat(reply.status()).isEqualTo(status);
    assertThat(reply.warnings()).isEqualTo(warning.isEmpty() ? java.util.List.of() : java.util.List.of(warning));
  }

  @Test
  void encryptBatch_allFailedWithOverride_overrideIgnored() {
    Reply reply = vault.write("encrypt/k", batch(BAD, BAD).put("partial_failure_response_code", 202));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.warnings()).isEmpty();
  }

  @Test
  void encryptBatch_internalErrorOnly_500AndOverridable() {
    assertThat(vault.write("encrypt/k", batch(GOOD, BAD_AAD)).status()).isEqualTo(500);
    assertThat(vault.write("encrypt/k", batch(GOOD, BAD_AAD, BAD)).status()).isEqualTo(400);
    assertThat(vault.write("encrypt/k", batch(GOOD, BAD_AAD).put("partial_failure_response_code", 207)).status())
        .isEqualTo(207);
  }

  @Test
  void encryptBatch_paddingSchemeError_itemErrorButStatus200LikeVault() {
    Reply reply = vault.write("encrypt/k", batch(GOOD, GOOD.copy().put("padding_scheme", "oaep")));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.data().getJsonArray("batch_results").getJsonObject(1).getString("error"))
        .isEqualTo("'[1].padding_scheme' invalid: unsupported key type aes256-gcm96 for padding scheme");
  }

  @Test
  void decryptBatch_partialFailure_400_plaintextAlwaysPresent() {
    String ciphertext = vault.encrypt("k", "fine");
    JsonObject body = batch(new JsonObject().put("ciphertext", ciphertext), new JsonObject().put("ciphertext", ""));

    Reply reply = vault.write("decrypt/k", body);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.data().getJsonArray("batch_results").getJsonObject(1).getMap()).containsExactly(
        java.util.Map.entry("plaintext", ""), java.util.Map.entry("error", "missing ciphertext to decrypt"),
        java.util.Map.entry("reference", ""));
    assertThat(vault.write("decrypt/k", body.put("partial_failure_response_code", 206)).status()).isEqualTo(206);
  }

  @Test
  void decryptBatch_wrongContextPerItem_400WithItemErrors() {
    vault.createKey("d", new JsonObject().put("derived", true));
    String ciphertext = vault.write("encrypt/d", new JsonObject().put("plaintext", "").put("context", b64("a")))
        .data().getString("ciphertext");

    Reply reply = vault.write("decrypt/d", batch(new JsonObject().put("ciphertext", ciphertext).put("context", b64("b"))));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.data().getJsonArray("batch_results").getJsonObject(0).getString("error"))
        .isEqualTo("cipher: message authentication failed");
  }

  @Test
  void rewrapBatch_itemFailures_stay200() {
    String ciphertext = vault.encrypt("k", "x");
    JsonObject body = batch(new JsonObject().put("ciphertext", ciphertext).put("reference", "a"),
        new JsonObject().put("ciphertext", "garbage").put("reference", "b"));

    Reply reply = vault.write("rewrap/k", body.put("partial_failure_response_code", 202));

    assertThat(reply.status()).isEqualTo(200);
    JsonArray results = reply.data().getJsonArray("batch_results");
    assertThat(results.getJsonObject(0).getString("reference")).isEqualTo("a");
    assertThat(results.getJsonObject(1).getMap()).containsExactly(
        java.util.Map.entry("error", "invalid ciphertext: no prefix"), java.util.Map.entry("reference", "b"));
    assertThat(reply.warnings()).containsExactly(
        "Endpoint ignored these unrecognized parameters: [partial_failure_response_code]");
  }

  @Test
  void rewrapBatch_stringKeyVersion_whole500WithValue() {
    JsonObject body = batch(new JsonObject().put("ciphertext", vault.encrypt("k", "")).put("key_version", "1"));

    VaultError error = vault.writeFails("rewrap/k", body);

    assertThat(error.status()).isEqualTo(500);
    assertThat(error.errors()).containsExactly("failed to parse batch input: 1 error(s) decoding:\n\n"
        + "* '[0].key_version' expected type 'int', got unconvertible type 'string', value: '1'");
  }

  @Test
  void singleForm_userError_plain400NotEnvelope() {
    VaultError error = vault.writeFails("encrypt/k", new JsonObject().put("plaintext", "%%"));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.errors()).containsExactly("illegal base64 data at input byte 0");
  }
}
