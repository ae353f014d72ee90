package dev.transitsidecar.contract;

import static dev.transitsidecar.contract.VaultAssertions.assertEnvelope;
import static dev.transitsidecar.contract.VaultAssertions.assertError;
import static dev.transitsidecar.contract.VaultAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** {@code datakey} and {@code rewrap}, single and batch (docs/vault-api.md 1.9 last rule, 1.10, 1.11). */
abstract class TransitDatakeyRewrapContract extends ContractSupport {

  @Test
  void datakeyPlaintext_default_returns256BitKeyWhoseCiphertextDecryptsToIt() {
    String key = createKey();
    JsonObject data = assertOk(transit("datakey/plaintext/" + key, new JsonObject()));
    assertThat(data.fieldNames()).containsExactlyInAnyOrder("ciphertext", "key_version", "plaintext");
    assertThat(data.getInteger("key_version")).isEqualTo(1);
    assertThat(unb64(data.getString("plaintext"))).hasSize(32);
    String ciphertext = data.getString("ciphertext");
    assertThat(unb64(ciphertext.substring("vault:v1:".length()))).hasSize(32 + 28);
    assertThat(assertOk(transit("decrypt/" + key, item("ciphertext", ciphertext))).getString("plaintext"))
        .isEqualTo(data.getString("plaintext"));
  }

  @Test
  void datakeyWrapped_bits512_returnsOnlyCiphertextOf64Bytes() {
    String key = createKey();
    JsonObject data = assertOk(transit("datakey/wrapped/" + key, new JsonObject().put("bits", 512)));
    assertThat(data.fieldNames()).containsExactlyInAnyOrder("ciphertext", "key_version");
    String decrypted = assertOk(transit("decrypt/" + key, item("ciphertext", data.getString("ciphertext"))))
        .getString("plaintext");
    assertThat(unb64(decrypted)).hasSize(64);
  }

  @Test
  void datakeyPlaintext_bits128_returns16Bytes() {
    JsonObject data = assertOk(transit("datakey/plaintext/" + createKey(), new JsonObject().put("bits", 128)));
    assertThat(unb64(data.getString("plaintext"))).hasSize(16);
  }

  @Test
  void datakey_invalidBits_returns400() {
    assertError(transit("datakey/plaintext/" + createKey(), new JsonObject().put("bits", 100)), 400, "invalid bit length");
  }

  @Test
  void datakey_unknownType_returns400() {
    assertError(transit("datakey/bogus/" + createKey(), new JsonObject()), 400,
        "Invalid path, must be 'plaintext' or 'wrapped'");
  }

  @Test
  void datakey_contextNotBase64_returns400() {
    assertError(transit("datakey/plaintext/" + createKey(new JsonObject().put("derived", true)),
        item("context", "%%%")), 400, "failed to base64-decode context");
  }

  @Test
  void datakey_missingKey_returns400AndDoesNotCreate() {
    String key = unique("missing");
    assertError(transit("datakey/plaintext/" + key, new JsonObject()), 400, "encryption key not found");
    VaultAssertions.assertNotFoundEmpty(get("transit/keys/" + key));
  }

  @Test
  void rewrap_afterRotate_returnsLatestVersionCiphertextOfSamePlaintext() {
    String key = createKey();
    String old = encrypt(key, "rewrap me");
    rotate(key, 1);
    JsonObject data = assertOk(transit("rewrap/" + key, item("ciphertext", old)));
    assertThat(data.getInteger("key_version")).isEqualTo(2);
    assertThat(data.getString("ciphertext")).startsWith("vault:v2:");
    assertThat(assertOk(transit("decrypt/" + key, item("ciphertext", data.getString("ciphertext"))))
        .getString("plaintext")).isEqualTo(b64("rewrap me"));
  }

  @Test
  void rewrap_alreadyLatest_reencryptsWithFreshNonce() {
    String key = createKey();
    String ciphertext = encrypt(key, "again");
    String rewrapped = assertOk(transit("rewrap/" + key, item("ciphertext", ciphertext))).getString("ciphertext");
    assertThat(rewrapped).startsWith("vault:v1:").isNotEqualTo(ciphertext);
  }

  @Test
  void rewrap_explicitKeyVersion_targetsThatVersion() {
    String key = createKey();
    rotate(key, 2);
    String ciphertext = encrypt(key, "x");
    JsonObject data = assertOk(transit("rewrap/" + key, item("ciphertext", ciphertext).put("key_version", 2)));
    assertThat(data.getString("ciphertext")).startsWith("vault:v2:");
    assertThat(data.getInteger("key_version")).isEqualTo(2);
  }

  @Test
  void rewrap_missingKey_returns400() {
    assertError(transit("rewrap/" + unique("missing"), item("ciphertext", "vault:v1:" + b64(new byte[40]))), 400,
        "encryption key not found");
  }

  @Test
  void rewrapBatch_oneBadItem_returns200WithItemError() {
    String key = createKey();
    String good = encrypt(key, "good");
    rotate(key, 1);
    VaultHttp.Response r = transit("rewrap/" + key, batch(
        item("ciphertext", good).put("reference", "ok"),
        item("ciphertext", "nope").put("reference", "bad")));
    JsonArray results = assertEnvelope(r, 200).getJsonObject("data").getJsonArray("batch_results");
    assertThat(results).hasSize(2);
    JsonObject ok = results.getJsonObject(0);
    assertThat(ok.getString("ciphertext")).startsWith("vault:v2:");
    assertThat(ok.getInteger("key_version")).isEqualTo(2);
    assertThat(ok.getString("reference")).isEqualTo("ok");
    assertThat(ok.containsKey("error")).isFalse();
    JsonObject bad = results.getJsonObject(1);
    assertThat(bad).isEqualTo(new JsonObject().put("error", "invalid ciphertext: no prefix").put("reference", "bad"));
  }

  @Test
  void rewrapBatch_allItemsBad_stillReturns200() {
    String key = createKey();
    VaultHttp.Response r = transit("rewrap/" + key, batch(item("ciphertext", "nope"), item("ciphertext", "vault:v9:AAAA")));
    JsonArray results = assertEnvelope(r, 200).getJsonObject("data").getJsonArray("batch_results");
    assertThat(results.getJsonObject(0).getString("error")).isEqualTo("invalid ciphertext: no prefix");
    assertThat(results.getJsonObject(1).getString("error")).isEqualTo("invalid ciphertext: version is too new");
    assertThat(results.getJsonObject(1).getString("reference")).isEmpty();
  }
}
