package dev.transitsidecar.devvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class PolicyEndpointsTest {
  private static final String KASTEN = """
      path "transit/encrypt/kasten" { capabilities = ["update"] }
      path "transit/keys/*" { capabilities = ["read", "list"] }
      """;
  @AutoClose
  private final TestVault t = new TestVault();
  private final FakeBackend fake = t.mountFakeTransit();

  private String tokenWith(String... policies) {
    return t.createToken(new JsonObject().put("policies", new JsonArray(java.util.List.of(policies))));
  }

  @Test
  void aclPolicy_writeReadListDelete() {
    TestVault.Resp put = t.post("/v1/sys/policies/acl/kasten", t.root(), new JsonObject().put("policy", KASTEN));
    TestVault.Resp read = t.get("/v1/sys/policies/acl/kasten", t.root());
    TestVault.Resp list = t.send("LIST", "/v1/sys/policies/acl", t.root(), null);

    assertThat(put.status()).isEqualTo(204);
    assertThat(read.data().getString("name")).isEqualTo("kasten");
    assertThat(read.data().getString("policy")).isEqualTo(KASTEN);
    assertThat(read.json().getString("mount_type")).isEqualTo("system");
    assertThat(list.data().getJsonArray("keys")).containsExactly("default", "kasten", "root");
    assertThat(t.send("DELETE", "/v1/sys/policies/acl/kasten", t.root(), null).status()).isEqualTo(204);
    assertThat(t.get("/v1/sys/policies/acl/kasten", t.root()).status()).isEqualTo(404);
  }

  @Test
  void legacyPolicyPath_usesRules() {
    t.send("PUT", "/v1/sys/policy/Kasten", t.root(), new JsonObject().put("policy", KASTEN).encode());

    assertThat(t.get("/v1/sys/policy/kasten", t.root()).data().getString("rules")).isEqualTo(KASTEN);
    assertThat(t.get("/v1/sys/policy", t.root()).data().getJsonArray("policies")).contains("kasten");
  }

  @Test
  void badHcl_is400() {
    TestVault.Resp r = t.post("/v1/sys/policies/acl/bad", t.root(),
        new JsonObject().put("policy", "path \"a\" { capabilities = [\"fly\"] }"));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errors()).contains("failed to parse policy");
    assertThat(t.post("/v1/sys/policies/acl/empty", t.root(), new JsonObject()).errors())
        .isEqualTo("[\"'policy' parameter not supplied or empty\"]");
    assertThatThrownBy(() -> t.vault.putPolicy("bad", "nonsense"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failed to parse policy");
  }

  @Test
  void rootAndDefault_areProtected() {
    assertThat(t.send("DELETE", "/v1/sys/policies/acl/default", t.root(), null).errors())
        .isEqualTo("[\"cannot delete \\\"default\\\" policy\"]");
    assertThat(t.post("/v1/sys/policies/acl/root", t.root(), new JsonObject().put("policy", KASTEN)).status())
        .isEqualTo(400);
  }

  @Test
  void acl_isEnforcedAfterTheExistenceCheck() {
    t.vault.putPolicy("kasten", KASTEN + "path \"transit/new/*\" { capabilities = [\"update\"] }");
    String token = tokenWith("kasten");

    assertThat(t.post("/v1/transit/encrypt/kasten", token, new JsonObject()).status()).isEqualTo(200);
    assertThat(t.get("/v1/transit/keys/kasten", token).status()).isEqualTo(200);
    // as in Vault, "transit/keys/*" also covers LIST of "transit/keys/"
    assertThat(t.send("LIST", "/v1/transit/keys", token, null).status()).isEqualTo(200);
    assertThat(t.send("DELETE", "/v1/transit/keys/kasten", token, null).status()).isEqualTo(403);
    TestVault.Resp denied = t.post("/v1/transit/encrypt/other", token, new JsonObject());
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.errors()).isEqualTo("[\"permission denied\"]");
    // update alone cannot create: the fake says new/* does not exist yet
    assertThat(t.post("/v1/transit/new/key", token, new JsonObject()).status()).isEqualTo(403);
  }

  @Test
  void defaultPolicy_allowsSelfServiceOnly() {
    String token = tokenWith("nothing");

    assertThat(t.get("/v1/auth/token/lookup-self", token).status()).isEqualTo(200);
    assertThat(t.post("/v1/auth/token/renew-self", token, null).status()).isEqualTo(200);
    assertThat(t.get("/v1/sys/policies/acl/default", token).status()).isEqualTo(403);
    assertThat(t.post("/v1/auth/token/create", token, new JsonObject()).status()).isEqualTo(403);
    assertThat(t.post("/v1/auth/token/revoke-self", token, null).status()).isEqualTo(204);
  }

  @Test
  void noDefaultPolicy_dropsDefault() {
    TestVault.Resp r = t.post("/v1/auth/token/create", t.root(), new JsonObject()
        .put("policies", new JsonArray().add("x")).put("no_default_policy", true));
    String token = r.auth().getString("client_token");

    assertThat(r.auth().getJsonArray("policies")).containsExactly("x");
    assertThat(t.get("/v1/auth/token/lookup-self", token).status()).isEqualTo(403);
  }
}
