package dev.transitsidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonArray;
import io.github.jopenlibs.vault.response.AuthResponse;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.jopenlibs.vault.response.LookupResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A stock Vault client library (jopenlibs vault-java-driver) pointed at the sidecar, holding only the pod-local
 * client token: every allow-listed call works, and no real Vault token is ever in the client.
 */
class StockClientTest {
  private static final String HELLO = "aGVsbG8gd29ybGQ=";
  private static ProxyFixture proxy;
  private static Vault vault;

  @BeforeAll
  static void start() throws VaultException {
    proxy = ProxyFixture.withClientToken();
    VaultConfig config = new VaultConfig().address(proxy.base).token(ProxyFixture.CLIENT_TOKEN)
        .engineVersion(1).openTimeout(5).readTimeout(10).build();
    vault = Vault.create(config);
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  private static LogicalResponse write(String path, Map<String, Object> body) throws VaultException {
    LogicalResponse r = vault.logical().write(path, body);
    assertThat(r.getRestResponse().getStatus()).as(path).isEqualTo(200);
    return r;
  }

  @Test
  void encryptDecryptRewrap_throughTheSidecar() throws VaultException {
    String ciphertext = write("transit/encrypt/kasten", Map.of("plaintext", HELLO)).getData().get("ciphertext");
    assertThat(ciphertext).startsWith("vault:v1:");
    assertThat(write("transit/decrypt/kasten", Map.of("ciphertext", ciphertext)).getData().get("plaintext"))
        .isEqualTo(HELLO);
    String rewrapped = write("transit/rewrap/kasten", Map.of("ciphertext", ciphertext)).getData().get("ciphertext");
    assertThat(rewrapped).startsWith("vault:v1:");
  }

  @Test
  void datakey_throughTheSidecar() throws VaultException {
    assertThat(write("transit/datakey/plaintext/kasten", Map.of()).getData()).containsKeys("plaintext", "ciphertext");
    assertThat(write("transit/datakey/wrapped/kasten", Map.of()).getData()).containsKey("ciphertext");
  }

  @Test
  void batchEncrypt_throughTheSidecar() throws VaultException {
    // the driver sends a java.util.List as its toString(); its own JSON values go as JSON
    Map<String, Object> body = Map.of("batch_input", new JsonArray()
        .add(Json.object().add("plaintext", HELLO)).add(Json.object().add("plaintext", HELLO)));
    LogicalResponse r = write("transit/encrypt/kasten", body);
    assertThat(new io.vertx.core.json.JsonObject(new String(r.getRestResponse().getBody()))
        .getJsonObject("data").getJsonArray("batch_results")).hasSize(2);
  }

  @Test
  void keyReadAndList_throughTheSidecar() throws VaultException {
    LogicalResponse read = vault.logical().read("transit/keys/kasten");
    assertThat(read.getRestResponse().getStatus()).isEqualTo(200);
    assertThat(read.getData().get("name")).isEqualTo("kasten");
    LogicalResponse list = vault.logical().list("transit/keys");
    assertThat(list.getRestResponse().getStatus()).isEqualTo(200);
    assertThat(list.getListData()).contains("kasten");
  }

  @Test
  void tokenLookupAndRenew_answerThePodLocalToken() throws VaultException {
    LookupResponse lookup = vault.auth().lookupSelf();
    assertThat(lookup.getId()).isEqualTo(ProxyFixture.CLIENT_TOKEN);
    assertThat(lookup.isRenewable()).isTrue();
    assertThat(lookup.getPolicies()).containsExactly("transit-sidecar");
    AuthResponse renewed = vault.auth().renewSelf();
    assertThat(renewed.getAuthClientToken()).isEqualTo(ProxyFixture.CLIENT_TOKEN);
    assertThat(renewed.isAuthRenewable()).isTrue();
  }

  @Test
  void kubernetesLogin_givesThePodLocalToken() throws VaultException {
    AuthResponse login = vault.auth().loginByKubernetes("k10", ProxyFixture.POD_JWT);
    assertThat(login.getAuthClientToken()).isEqualTo(ProxyFixture.CLIENT_TOKEN);
  }

  @Test
  void sysHealth_throughTheSidecar() throws VaultException {
    assertThat(vault.debug().health().getSealed()).isFalse();
  }

  @Test
  void offListPath_isRefusedByTheSidecar() throws VaultException {
    LogicalResponse r = vault.logical().read("sys/mounts");
    assertThat(r.getRestResponse().getStatus()).isEqualTo(403);
  }
}
