package dev.transitsidecar.contract;

import static dev.transitsidecar.contract.VaultAssertions.assertEnvelope;
import static dev.transitsidecar.contract.VaultAssertions.assertError;
import static dev.transitsidecar.contract.VaultAssertions.assertErrorContaining;
import static dev.transitsidecar.contract.VaultAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** {@code batch_input} on encrypt and decrypt: items, references, statuses (docs/vault-api.md 1.7, 1.8, 1.9). */
abstract class TransitBatchContract extends ContractSupport {
  private static final String ILLEGAL_BASE64 = "illegal base64 data at input byte";

  private static void assertSucceeded(JsonObject result, int version, String reference) {
    assertThat(result.fieldNames()).containsExactlyInAnyOrder("ciphertext", "key_version", "reference");
    assertThat(result.getString("ciphertext")).startsWith("vault:v" + version + ":");
    assertThat(result.getInteger("key_version")).isEqualTo(version);
    assertThat(result.getString("reference")).isEqualTo(reference);
  }

  /** A failed encrypt item: only {@code error} and {@code reference}; returns the error. */
  private static String assertFailed(JsonObject result, String reference) {
    assertThat(result.fieldNames()).containsExactlyInAnyOrder("error", "reference");
    assertThat(result.getString("reference")).isEqualTo(reference);
    return result.getString("error");
  }

  private VaultHttp.Response partiallyBadEncrypt(String key, JsonObject extra) {
    return transit("encrypt/" + key, batch(item("plaintext", b64("fine")).put("reference", "good"),
        item("plaintext", "abc$").put("reference", "bad")).mergeIn(extra));
  }

  @Test
  void encryptBatch_allValid_returns200WithResultsInOrderAndReferencesEchoed() {
    String key = createKey();
    JsonObject data = assertOk(transit("encrypt/" + key, batch(
        item("plaintext", b64("one")).put("reference", "r1"),
        item("plaintext", b64("two")).put("reference", "r2"),
        item("plaintext", b64("three")))));
    JsonArray results = data.getJsonArray("batch_results");
    assertThat(data.fieldNames()).containsExactly("batch_results");
    assertThat(results).hasSize(3);
    assertSucceeded(results.getJsonObject(0), 1, "r1");
    assertSucceeded(results.getJsonObject(1), 1, "r2");
    assertSucceeded(results.getJsonObject(2), 1, "");
    JsonObject decrypted = assertOk(transit("decrypt/" + key, batch(
        item("ciphertext", results.getJsonObject(0).getString("ciphertext")).put("reference", "d1"),
        item("ciphertext", results.getJsonObject(2).getString("ciphertext")))));
    JsonArray plain = decrypted.getJsonArray("batch_results");
    assertThat(plain.getJsonObject(0)).isEqualTo(new JsonObject().put("plaintext", b64("one")).put("reference", "d1"));
    assertThat(plain.getJsonObject(1)).isEqualTo(new JsonObject().put("plaintext", b64("three")).put("reference", ""));
  }

  @Test
  void encryptBatch_topLevelPlaintext_isIgnored() {
    JsonObject data = assertOk(transit("encrypt/" + createKey(),
        batch(item("plaintext", b64("item"))).put("plaintext", b64("top level"))));
    assertThat(data.fieldNames()).containsExactly("batch_results");
    assertThat(data.getJsonArray("batch_results")).hasSize(1);
  }

  @Test
  void encryptBatch_keyVersionNumbers_useEachVersion() {
    String key = createKey();
    rotate(key, 2);
    JsonArray results = assertOk(transit("encrypt/" + key, batch(
        item("plaintext", b64("a")).put("key_version", 1),
        item("plaintext", b64("b")).put("key_version", 2),
        item("plaintext", b64("c")).put("key_version", 3)))).getJsonArray("batch_results");
    assertSucceeded(results.getJsonObject(0), 1, "");
    assertSucceeded(results.getJsonObject(1), 2, "");
    assertSucceeded(results.getJsonObject(2), 3, "");
  }

  @Test
  void encryptBatch_oneBadItem_returns400WithFullSuccessEnvelope() {
    String key = createKey();
    VaultHttp.Response r = partiallyBadEncrypt(key, new JsonObject());
    JsonObject body = assertEnvelope(r, 400);
    assertThat(body.getValue("warnings")).isNull();
    JsonArray results = body.getJsonObject("data").getJsonArray("batch_results");
    assertSucceeded(results.getJsonObject(0), 1, "good");
    assertThat(assertFailed(results.getJsonObject(1), "bad")).contains(ILLEGAL_BASE64);
  }

  @Test
  void encryptBatch_itemAboveLatestVersion_failsOnlyThatItem() {
    String key = createKey();
    VaultHttp.Response r = transit("encrypt/" + key, batch(item("plaintext", b64("a")),
        item("plaintext", b64("b")).put("key_version", 2).put("reference", "late")));
    JsonArray results = assertEnvelope(r, 400).getJsonObject("data").getJsonArray("batch_results");
    assertSucceeded(results.getJsonObject(0), 1, "");
    assertThat(assertFailed(results.getJsonObject(1), "late"))
        .isEqualTo("requested version for encryption is higher than the latest key version");
  }

  @Test
  void encryptBatch_partialFailureWithOverride_returnsOverrideStatus() {
    VaultHttp.Response r = partiallyBadEncrypt(createKey(), new JsonObject().put("partial_failure_response_code", 202));
    JsonArray results = assertEnvelope(r, 202).getJsonObject("data").getJsonArray("batch_results");
    assertSucceeded(results.getJsonObject(0), 1, "good");
    assertThat(assertFailed(results.getJsonObject(1), "bad")).contains(ILLEGAL_BASE64);
  }

  @Test
  void encryptBatch_allFailedWithOverride_ignoresOverrideAndReturns400() {
    VaultHttp.Response r = transit("encrypt/" + createKey(), batch(item("plaintext", "abc$"), item("plaintext", "%%"))
        .put("partial_failure_response_code", 202));
    JsonArray results = assertEnvelope(r, 400).getJsonObject("data").getJsonArray("batch_results");
    assertThat(assertFailed(results.getJsonObject(0), "")).contains(ILLEGAL_BASE64);
    assertThat(assertFailed(results.getJsonObject(1), "")).contains(ILLEGAL_BASE64);
  }

  @Test
  void encryptBatch_overrideOutOfRange_keeps400WithWarning() {
    VaultHttp.Response r = partiallyBadEncrypt(createKey(), new JsonObject().put("partial_failure_response_code", 700));
    JsonObject body = assertEnvelope(r, 400);
    assertThat(body.getJsonArray("warnings")).containsExactly(
        "invalid HTTP response code override from partial_failure_response_code, reverting to 400");
  }

  @Test
  void encryptBatch_empty_returns400() {
    assertError(transit("encrypt/" + createKey(), new JsonObject().put("batch_input", new JsonArray())), 400,
        "missing batch input to process");
  }

  @Test
  void encryptBatch_contextInSomeItemsOnly_returns400() {
    String key = createKey(new JsonObject().put("derived", true));
    assertError(transit("encrypt/" + key, batch(item("plaintext", b64("a")).put("context", b64("c")),
        item("plaintext", b64("b")))), 400, "context should be set either in all the request blocks or in none");
  }

  @Test
  void encryptBatch_stringKeyVersionInItem_returns500() {
    // (code-derived, unverified on a live server) docs/vault-api.md 1.7: the batch decoder fails and the handler
    // returns a plain error "failed to parse batch input: ..." -> 500. A real-Vault run settles this.
    assertErrorContaining(transit("encrypt/" + createKey(), batch(item("plaintext", b64("a")).put("key_version", "1"))),
        500, "failed to parse batch input");
  }

  @Test
  void decryptBatch_wrongContextInOneItem_returns400WithItemErrorAndEmptyPlaintext() {
    String key = createKey(new JsonObject().put("derived", true));
    String ciphertext = encrypt(key, item("plaintext", b64("ctx bound")).put("context", b64("right")));
    VaultHttp.Response r = transit("decrypt/" + key, batch(
        item("ciphertext", ciphertext).put("context", b64("right")).put("reference", "a"),
        item("ciphertext", ciphertext).put("context", b64("wrong")).put("reference", "b")));
    JsonArray results = assertEnvelope(r, 400).getJsonObject("data").getJsonArray("batch_results");
    assertThat(results.getJsonObject(0)).isEqualTo(new JsonObject().put("plaintext", b64("ctx bound")).put("reference", "a"));
    assertThat(results.getJsonObject(1)).isEqualTo(new JsonObject()
        .put("plaintext", "").put("error", "cipher: message authentication failed").put("reference", "b"));
  }

  @Test
  void decryptBatch_partialFailureWithOverride_returnsOverrideStatus() {
    String key = createKey();
    String ciphertext = encrypt(key, "ok");
    VaultHttp.Response r = transit("decrypt/" + key, batch(item("ciphertext", ciphertext), item("ciphertext", "nope"))
        .put("partial_failure_response_code", 207));
    JsonArray results = assertEnvelope(r, 207).getJsonObject("data").getJsonArray("batch_results");
    assertThat(results.getJsonObject(1).getString("error")).isEqualTo("invalid ciphertext: no prefix");
  }

  @Test
  void decryptBatch_allFailed_returns400() {
    VaultHttp.Response r = transit("decrypt/" + createKey(), batch(item("ciphertext", "nope").put("reference", "x")));
    JsonArray results = assertEnvelope(r, 400).getJsonObject("data").getJsonArray("batch_results");
    assertThat(results.getJsonObject(0)).isEqualTo(new JsonObject()
        .put("plaintext", "").put("error", "invalid ciphertext: no prefix").put("reference", "x"));
  }
}
