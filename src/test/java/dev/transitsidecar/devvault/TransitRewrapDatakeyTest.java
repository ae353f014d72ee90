package dev.transitsidecar.devvault;

import static dev.transitsidecar.devvault.TransitFixture.b64;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransitRewrapDatakeyTest {
  private final TransitFixture vault = TransitFixture.withKey("k");

  @Test
  void rewrap_afterRotate_movesToLatestAndKeepsPlaintext() {
    String v1 = vault.encrypt("k", "payload");
    vault.write("keys/k/rotate", null);

    JsonObject data = vault.write("rewrap/k", new JsonObject().put("ciphertext", v1)).data();

    assertThat(data.getInteger("key_version")).isEqualTo(2);
    assertThat(data.getString("ciphertext")).startsWith("vault:v2:");
    assertThat(vault.decrypt("k", data.getString("ciphertext"))).isEqualTo("payload");
  }

  @Test
  void rewrap_alreadyLatest_stillFreshCiphertext() {
    String v1 = vault.encrypt("k", "p");

    String again = vault.write("rewrap/k", new JsonObject().put("ciphertext", v1)).data().getString("ciphertext");

    assertThat(again).startsWith("vault:v1:").isNotEqualTo(v1);
  }

  @Test
  void rewrap_derivedKey_keepsContext() {
    vault.createKey("d", new JsonObject().put("derived", true));
    String context = b64("ctx");
    String ciphertext = vault.write("encrypt/d", new JsonObject().put("plaintext", b64("p")).put("context", context))
        .data().getString("ciphertext");
    vault.write("keys/d/rotate", null);

    String rewrapped = vault.write("rewrap/d", new JsonObject().put("ciphertext", ciphertext).put("context", context))
        .data().getString("ciphertext");

    assertThat(vault.write("decrypt/d", new JsonObject().put("ciphertext", rewrapped).put("context", context))
        .data().getString("plaintext")).isEqualTo(b64("p"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      {}                                             | missing ciphertext to decrypt
      {"ciphertext":"vault:v7:AAAA"}                 | invalid ciphertext: version is too new
      {"ciphertext":"vault:v1:AAAA","nonce":"AAAA"}  | provided nonce not allowed for this key
      {"ciphertext":"vault:v1:AAAA","nonce":"A"}     | illegal base64 data at input byte 0
      """)
  void rewrap_invalid_400(String body, String message) {
    assertThat(vault.writeFails("rewrap/k", new JsonObject(body)).errors()).containsExactly(message);
  }

  @Test
  void rewrap_aadBoundCiphertext_failsAuthentication() {
    String ciphertext = vault.write("encrypt/k", new JsonObject().put("plaintext", "").put("associated_data", b64("a")))
        .data().getString("ciphertext");

    assertThat(vault.writeFails("rewrap/k", new JsonObject().put("ciphertext", ciphertext)).errors())
        .containsExactly("cipher: message authentication failed");
  }

  @ParameterizedTest
  @CsvSource({"128, 16", "256, 32", "512, 64", "'', 32"})
  void datakeyPlaintext_bits_decryptsToReturnedKey(String bits, int bytes) {
    JsonObject body = bits.isEmpty() ? new JsonObject() : new JsonObject().put("bits", Integer.parseInt(bits));

    JsonObject data = vault.write("datakey/plaintext/k", body).data();

    assertThat(Base64.getDecoder().decode(data.getString("plaintext"))).hasSize(bytes);
    assertThat(data.getInteger("key_version")).isEqualTo(1);
    assertThat(vault.write("decrypt/k", new JsonObject().put("ciphertext", data.getString("ciphertext"))).data()
        .getString("plaintext")).isEqualTo(data.getString("plaintext"));
  }

  @Test
  void datakeyWrapped_noPlaintext() {
    JsonObject data = vault.write("datakey/wrapped/k", new JsonObject()).data();

    assertThat(data.fieldNames()).containsExactlyInAnyOrder("ciphertext", "key_version");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      datakey/other/k     | {}                  | Invalid path, must be 'plaintext' or 'wrapped'
      datakey/wrapped/k   | {"bits":100}        | invalid bit length
      datakey/wrapped/k   | {"context":"%"}     | failed to base64-decode context
      datakey/wrapped/k   | {"nonce":"%"}       | failed to base64-decode nonce
      datakey/wrapped/k   | {"nonce":"AAAA"}    | nonce provided when not allowed
      datakey/wrapped/k   | {"key_version":2}   | requested version for encryption is higher than the latest key version
      datakey/wrapped/k   | {"padding_scheme":"x"} | padding_scheme argument invalid: unknown padding scheme: x
      """)
  void datakey_invalid_400(String path, String body, String message) {
    VaultError error = vault.writeFails(path, new JsonObject(body));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.errors()).containsExactly(message);
  }

  /** The checks decrypt and rewrap share run in Vault's order, all before the key lookup. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', textBlock = """
      decrypt | {}                                                           | missing ciphertext to decrypt
      rewrap  | {}                                                           | missing ciphertext to decrypt
      decrypt | {"ciphertext":""}                                            | missing ciphertext to decrypt
      rewrap  | {"ciphertext":""}                                            | missing ciphertext to decrypt
      decrypt | {"batch_input":[]}                                           | missing batch input to process
      rewrap  | {"batch_input":[]}                                           | missing batch input to process
      decrypt | {"batch_input":[{"ciphertext":"x","context":"Zm9v"},{"ciphertext":"y"}]} | context should be set either in all the request blocks or in none
      rewrap  | {"batch_input":[{"ciphertext":"x","context":"Zm9v"},{"ciphertext":"y"}]} | context should be set either in all the request blocks or in none
      decrypt | {"ciphertext":"vault:v1:AAAA"}                               | encryption key not found
      rewrap  | {"ciphertext":"vault:v1:AAAA"}                               | encryption key not found
      """)
  void decryptAndRewrap_sharedChecks_beforeKeyLookup(String path, String body, String message) {
    VaultError error = vault.writeFails(path + "/absent", new JsonObject(body));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.errors()).containsExactly(message);
  }

  @Test
  void decryptAndRewrap_itemPrecheckFailures_areItemErrors() {
    JsonObject body = TransitFixture.batch(new JsonObject().put("ciphertext", ""),
        new JsonObject().put("ciphertext", "vault:v1:AAAA").put("nonce", "A"));

    for (String path : new String[] {"decrypt/k", "rewrap/k"}) {
      Reply reply = vault.write(path, body.copy());
      assertThat(reply.data().getJsonArray("batch_results").stream()
          .map(item -> ((JsonObject) item).getString("error")).toList())
          .as(path)
          .containsExactly("missing ciphertext to decrypt", "illegal base64 data at input byte 0");
    }
  }
}
