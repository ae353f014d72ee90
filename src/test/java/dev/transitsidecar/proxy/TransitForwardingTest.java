package dev.transitsidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.testing.Http.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every allow-listed route through the proxy to the embedded engine, whose only token for the sidecar carries the
 * generated least-privilege policy: so each passing call also shows that the policy grants it.
 */
class TransitForwardingTest {
  private static final String HELLO = "aGVsbG8gd29ybGQ=";
  private static ProxyFixture proxy;

  @BeforeAll
  static void start() {
    proxy = ProxyFixture.start();
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  private static String encrypt(String plaintext) {
    Answer a = proxy.post("/v1/transit/encrypt/kasten", new JsonObject().put("plaintext", plaintext));
    assertThat(a.status()).isEqualTo(200);
    return a.json().getJsonObject("data").getString("ciphertext");
  }

  @Test
  void encryptThenDecrypt_roundTrips() {
    String ciphertext = encrypt(HELLO);
    assertThat(ciphertext).startsWith("vault:v1:");
    Answer a = proxy.post("/v1/transit/decrypt/kasten", new JsonObject().put("ciphertext", ciphertext));
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().getJsonObject("data").getString("plaintext")).isEqualTo(HELLO);
  }

  @Test
  void encrypt_answer_passesThroughWithNoStoreAndJson() {
    HttpResponse<String> r = proxy.exchange(proxy.request("/v1/transit/encrypt/kasten")
        .POST(BodyPublishers.ofString("{\"plaintext\":\"" + HELLO + "\"}")).build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(new JsonObject(r.body()).getString("request_id")).isNotBlank();
  }

  @Test
  void rewrap_keepsThePlaintext() {
    String ciphertext = encrypt(HELLO);
    Answer a = proxy.post("/v1/transit/rewrap/kasten", new JsonObject().put("ciphertext", ciphertext));
    assertThat(a.status()).isEqualTo(200);
    String rewrapped = a.json().getJsonObject("data").getString("ciphertext");
    Answer back = proxy.post("/v1/transit/decrypt/kasten", new JsonObject().put("ciphertext", rewrapped));
    assertThat(back.json().getJsonObject("data").getString("plaintext")).isEqualTo(HELLO);
  }

  @Test
  void datakey_plaintextAndWrapped_bothForwarded() {
    Answer plain = proxy.post("/v1/transit/datakey/plaintext/kasten", "{}");
    assertThat(plain.status()).isEqualTo(200);
    assertThat(plain.json().getJsonObject("data").getString("plaintext")).isNotBlank();
    Answer wrapped = proxy.post("/v1/transit/datakey/wrapped/kasten", "{}");
    assertThat(wrapped.status()).isEqualTo(200);
    assertThat(wrapped.json().getJsonObject("data").containsKey("plaintext")).isFalse();
    assertThat(wrapped.json().getJsonObject("data").getString("ciphertext")).startsWith("vault:v1:");
  }

  @Test
  void batchEncryptAndDecrypt_resultsInOrderWithReferences() {
    JsonArray items = new JsonArray()
        .add(new JsonObject().put("plaintext", HELLO).put("reference", "a"))
        .add(new JsonObject().put("plaintext", "").put("reference", "b"));
    Answer enc = proxy.post("/v1/transit/encrypt/kasten", new JsonObject().put("batch_input", items));
    assertThat(enc.status()).isEqualTo(200);
    JsonArray results = enc.json().getJsonObject("data").getJsonArray("batch_results");
    JsonArray decInput = new JsonArray();
    results.forEach(r -> decInput.add(new JsonObject().put("ciphertext", ((JsonObject) r).getString("ciphertext"))
        .put("reference", ((JsonObject) r).getString("reference"))));
    Answer dec = proxy.post("/v1/transit/decrypt/kasten", new JsonObject().put("batch_input", decInput));
    JsonArray plain = dec.json().getJsonObject("data").getJsonArray("batch_results");
    assertThat(plain.getJsonObject(0).getString("plaintext")).isEqualTo(HELLO);
    assertThat(plain.getJsonObject(0).getString("reference")).isEqualTo("a");
    assertThat(plain.getJsonObject(1).getString("reference")).isEqualTo("b");
  }

  @Test
  void batchDecrypt_allItemsFail_non2xxEnvelopePassesThroughUnchanged() {
    JsonArray items = new JsonArray().add(new JsonObject().put("ciphertext", "vault:v1:AAAA").put("reference", "x"));
    Answer a = proxy.post("/v1/transit/decrypt/kasten", new JsonObject().put("batch_input", items));
    assertThat(a.status()).isEqualTo(400);
    JsonObject item = a.json().getJsonObject("data").getJsonArray("batch_results").getJsonObject(0);
    assertThat(item.getString("reference")).isEqualTo("x");
    assertThat(item.getString("error")).isNotBlank();
  }

  @Test
  void vaultError_4xxPassesThroughWithVaultsMessage() {
    Answer a = proxy.post("/v1/transit/decrypt/kasten", "{\"ciphertext\":\"nonsense\"}");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().getJsonArray("errors").getString(0)).contains("invalid ciphertext");
  }

  @Test
  void keyRead_answersTheKey() {
    Answer a = proxy.get("/v1/transit/keys/kasten");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().getJsonObject("data").getString("name")).isEqualTo("kasten");
  }

  @Test
  void keyList_listVerbAndGetListTrue_bothList() {
    Answer listVerb = proxy.method("LIST", "/v1/transit/keys");
    Answer getList = proxy.get("/v1/transit/keys?list=true");
    for (Answer a : new Answer[] {listVerb, getList}) {
      assertThat(a.status()).isEqualTo(200);
      assertThat(a.json().getJsonObject("data").getJsonArray("keys")).contains("kasten");
    }
  }

  @Test
  void putMethod_isTreatedAsPost() {
    Answer a = dev.transitsidecar.testing.Http.send(
        proxy.request("/v1/transit/encrypt/kasten").PUT(BodyPublishers.ofString("{\"plaintext\":\"" + HELLO + "\"}"))
            .build());
    assertThat(a.status()).isEqualTo(200);
  }

  @Test
  void clientTokenHeaders_neverForwarded_bogusTokenStillWorks() {
    Answer a = dev.transitsidecar.testing.Http.send(proxy.request("/v1/transit/encrypt/kasten")
        .header("X-Vault-Token", "hvs.not-a-real-token").header("Authorization", "Bearer also-bogus")
        .POST(BodyPublishers.ofString("{\"plaintext\":\"" + HELLO + "\"}")).build());
    assertThat(a.status()).isEqualTo(200);
  }

  @Test
  void statusDocument_listsContributorsAndProxyCounts() {
    encrypt(HELLO);
    Answer a = proxy.get("/sidecar/v1/status");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().getJsonObject("auth").getString("method")).isEqualTo("token");
    assertThat(a.json().getJsonObject("proxy").getLong("forwarded")).isPositive();
    assertThat(a.json().getJsonObject("proxy").containsKey("refused")).isTrue();
    assertThat(a.body()).doesNotContain(proxy.sidecarToken);
  }
}
