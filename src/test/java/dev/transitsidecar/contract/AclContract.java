package dev.transitsidecar.contract;

import static dev.transitsidecar.contract.VaultAssertions.assertNotFoundEmpty;
import static dev.transitsidecar.contract.VaultAssertions.assertOk;
import static dev.transitsidecar.contract.VaultAssertions.assertPermissionDenied;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** ACL policies written via {@code sys/policy/<name>} and enforced per path and capability (docs/vault-api.md 1.12, 3.3). */
abstract class AclContract extends ContractSupport {

  private VaultHttp.Response as(String token, String method, String path, JsonObject body) {
    return http().send(method, path, token, body);
  }

  @Test
  void policy_writtenViaSysPolicy_readsBackNameAndRules() {
    String hcl = rule("transit/encrypt/some-key", "update");
    String name = writePolicy(hcl);
    JsonObject data = assertOk(get("sys/policy/" + name));
    assertThat(data.getString("name")).isEqualTo(name);
    assertThat(data.getString("rules")).isEqualTo(hcl);
  }

  @Test
  void token_updateOnEncryptPath_allowsEncryptOfThatKeyOnly() {
    String key = createKey();
    String other = createKey();
    String token = tokenWithPolicy(writePolicy(rule("transit/encrypt/" + key, "update")));
    JsonObject data = assertOk(as(token, "POST", "transit/encrypt/" + key, item("plaintext", b64("allowed"))));
    String ciphertext = data.getString("ciphertext");
    assertThat(ciphertext).startsWith("vault:v1:");
    assertPermissionDenied(as(token, "POST", "transit/decrypt/" + key, item("ciphertext", ciphertext)));
    assertPermissionDenied(as(token, "POST", "transit/encrypt/" + other, item("plaintext", b64("x"))));
    assertPermissionDenied(as(token, "GET", "transit/keys/" + key, null));
    assertPermissionDenied(as(token, "POST", "transit/keys/" + key + "/rotate", null));
    assertPermissionDenied(as(token, "PUT", "sys/policy/" + unique("p"), new JsonObject().put("policy", rule("x", "read"))));
  }

  @Test
  void token_readOnKeyPath_allowsReadButNotCreate() {
    String key = createKey();
    String token = tokenWithPolicy(writePolicy(rule("transit/keys/" + key, "read")));
    assertThat(assertOk(as(token, "GET", "transit/keys/" + key, null)).getString("name")).isEqualTo(key);
    assertPermissionDenied(as(token, "POST", "transit/keys/" + key, new JsonObject()));
  }

  @Test
  void token_createCapabilityOnlyOnKeysPath_cannotCreateKey() {
    // docs/vault-api.md 1.1: keys/:name has no existence check, so creating a key needs "update" (hashicorp/vault#10701).
    String key = unique("k");
    String token = tokenWithPolicy(writePolicy(rule("transit/keys/" + key, "create")));
    assertPermissionDenied(as(token, "POST", "transit/keys/" + key, new JsonObject()));
    assertNotFoundEmpty(get("transit/keys/" + key));
  }

  @Test
  void encrypt_updateOnlyOnMissingKey_returns403AndDoesNotCreate() {
    // (code-derived) docs/vault-api.md 1.12: a missing key turns the write into CREATE, which "update" does not allow.
    String key = unique("auto");
    String token = tokenWithPolicy(writePolicy(rule("transit/encrypt/" + key, "update")));
    assertPermissionDenied(as(token, "POST", "transit/encrypt/" + key, item("plaintext", b64("x"))));
    assertNotFoundEmpty(get("transit/keys/" + key));
  }

  @Test
  void encrypt_createAndUpdateOnMissingKey_autoCreatesKey() {
    String key = unique("auto");
    String token = tokenWithPolicy(writePolicy(rule("transit/encrypt/" + key, "create", "update")));
    assertThat(assertOk(as(token, "POST", "transit/encrypt/" + key, item("plaintext", b64("x")))).getString("ciphertext"))
        .startsWith("vault:v1:");
    assertThat(assertOk(get("transit/keys/" + key)).getInteger("latest_version")).isEqualTo(1);
  }

  @Test
  void token_withUnrelatedPolicy_isRefusedTransit() {
    String key = createKey();
    String token = tokenWithPolicy(writePolicy(rule("secret/unrelated", "read")));
    assertPermissionDenied(as(token, "POST", "transit/encrypt/" + key, item("plaintext", b64("x"))));
    assertPermissionDenied(as(token, "LIST", "transit/keys", null));
  }

  @Test
  void token_withPolicy_canStillLookUpItself() {
    // The "default" policy grants auth/token/lookup-self to every token.
    String token = tokenWithPolicy(writePolicy(rule("secret/unrelated", "read")));
    assertThat(assertOk(as(token, "GET", "auth/token/lookup-self", null)).getString("id")).isEqualTo(token);
  }
}
