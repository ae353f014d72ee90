package dev.transitsidecar.devvault;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class AuthMethodsTest {
  @AutoClose
  private final TestVault t = new TestVault();

  private String enableAppRole(String path) {
    assertThat(t.post("/v1/sys/auth/" + path, t.root(), new JsonObject().put("type", "approle")).status())
        .isEqualTo(204);
    TestVault.Resp role = t.post("/v1/auth/" + path + "/role/sidecar", t.root(), new JsonObject()
        .put("token_policies", "kasten,audit").put("token_ttl", "1h").put("token_max_ttl", "2h")
        .put("secret_id_num_uses", 1));
    assertThat(role.status()).isEqualTo(204);
    return t.get("/v1/auth/" + path + "/role/sidecar/role-id", t.root()).data().getString("role_id");
  }

  private String secretId(String path) {
    return t.post("/v1/auth/" + path + "/role/sidecar/secret-id", t.root(), null).data().getString("secret_id");
  }

  private TestVault.Resp appRoleLogin(String path, String roleId, String secretId) {
    JsonObject body = new JsonObject().put("role_id", roleId);
    if (secretId != null) {
      body.put("secret_id", secretId);
    }
    return t.post("/v1/auth/" + path + "/login", null, body);
  }

  @Test
  void revokeLogins_revokesEveryTokenOfThatMount_andNoOther() {
    String roleId = enableAppRole("approle");
    String first = appRoleLogin("approle", roleId, secretId("approle")).auth().getString("client_token");
    String second = appRoleLogin("approle", roleId, secretId("approle")).auth().getString("client_token");
    String other = t.createToken(new JsonObject().put("policies", new JsonArray().add("kasten")));

    t.vault.revokeLogins("approle");

    assertThat(t.get("/v1/auth/token/lookup-self", first).status()).isEqualTo(403);
    assertThat(t.get("/v1/auth/token/lookup-self", second).status()).isEqualTo(403);
    assertThat(t.get("/v1/auth/token/lookup-self", other).status()).isEqualTo(200);
    assertThat(appRoleLogin("approle", roleId, secretId("approle")).status()).isEqualTo(200);
  }

  @Test
  void appRole_loginIssuesARealToken() {
    String roleId = enableAppRole("approle");

    TestVault.Resp r = appRoleLogin("approle", roleId, secretId("approle"));
    JsonObject auth = r.auth();

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().getString("mount_type")).isEqualTo("approle");
    assertThat(auth.getJsonArray("policies")).containsExactly("audit", "default", "kasten");
    assertThat(auth.getJsonArray("token_policies")).containsExactly("audit", "default", "kasten");
    assertThat(auth.getJsonObject("metadata").getString("role_name")).isEqualTo("sidecar");
    assertThat(auth.getInteger("lease_duration")).isEqualTo(3600);
    assertThat(auth.getBoolean("renewable")).isTrue();
    assertThat(auth.getBoolean("orphan")).isTrue();
    assertThat(auth.getString("entity_id")).isNotEmpty();
    String token = auth.getString("client_token");
    assertThat(t.get("/v1/auth/token/lookup-self", token).data().getString("path"))
        .isEqualTo("auth/approle/login");
    t.clock.advance(Duration.ofMinutes(50));
    assertThat(t.post("/v1/auth/token/renew-self", token, null).auth().getInteger("lease_duration"))
        .isEqualTo(3600);
    t.clock.advance(Duration.ofMinutes(50));
    TestVault.Resp capped = t.post("/v1/auth/token/renew-self", token, null);
    assertThat(capped.auth().getInteger("lease_duration")).isEqualTo(1200);
    assertThat(capped.json().getJsonArray("warnings")).containsExactly(
        "TTL of \"1h0m0s\" exceeded the effective max_ttl of \"20m0s\"; TTL value is capped accordingly");
  }

  @Test
  void appRole_errors() {
    String roleId = enableAppRole("approle");
    String secret = secretId("approle");

    assertThat(appRoleLogin("approle", "", secret).errors()).isEqualTo("[\"invalid credentials\"]");
    assertThat(appRoleLogin("approle", "nope", secret).errors()).isEqualTo("[\"invalid role or secret ID\"]");
    assertThat(appRoleLogin("approle", roleId, null).errors()).isEqualTo("[\"missing secret_id\"]");
    assertThat(appRoleLogin("approle", roleId, "wrong").errors()).isEqualTo("[\"invalid role or secret ID\"]");
    assertThat(appRoleLogin("approle", roleId, secret).status()).isEqualTo(200);
    TestVault.Resp reused = appRoleLogin("approle", roleId, secret);
    assertThat(reused.status()).isEqualTo(400);
    assertThat(reused.errors()).isEqualTo("[\"invalid role or secret ID\"]");
    assertThat(t.post("/v1/auth/approle/role/ghost/secret-id", t.root(), null).errors())
        .isEqualTo("[\"role \\\"ghost\\\" does not exist\"]");
    assertThat(t.get("/v1/auth/approle/role/ghost/role-id", t.root()).status()).isEqualTo(404);
  }

  @Test
  void appRole_atAnotherPath_andRoleManagement() {
    String roleId = enableAppRole("ci-approle");

    assertThat(appRoleLogin("ci-approle", roleId, secretId("ci-approle")).status()).isEqualTo(200);
    assertThat(t.send("LIST", "/v1/auth/ci-approle/role", t.root(), null).data().getJsonArray("keys"))
        .containsExactly("sidecar");
    assertThat(t.get("/v1/auth/ci-approle/role/sidecar", t.root()).data().getInteger("token_ttl")).isEqualTo(3600);
    assertThat(t.get("/v1/sys/auth", t.root()).data().getJsonObject("ci-approle/").getString("type"))
        .isEqualTo("approle");
    assertThat(t.post("/v1/sys/auth/ci-approle", t.root(), new JsonObject().put("type", "approle")).errors())
        .contains("path is already in use");
    assertThat(t.post("/v1/sys/auth/x", t.root(), new JsonObject().put("type", "ldapish")).errors())
        .isEqualTo("[\"plugin not found in the catalog: ldapish\"]");
  }

  @Test
  void disablingAMount_revokesItsTokens() {
    String roleId = enableAppRole("approle");
    String token = appRoleLogin("approle", roleId, secretId("approle")).auth().getString("client_token");

    assertThat(t.send("DELETE", "/v1/sys/auth/approle", t.root(), null).status()).isEqualTo(204);

    assertThat(t.get("/v1/auth/token/lookup-self", token).status()).isEqualTo(403);
    assertThat(appRoleLogin("approle", roleId, "x").status()).isEqualTo(403);
  }

  @Test
  void enablingAuth_needsSudo() {
    t.vault.putPolicy("ops", "path \"sys/auth/*\" { capabilities = [\"update\"] }");
    String token = t.createToken(new JsonObject().put("policies", new JsonArray().add("ops")));

    assertThat(t.post("/v1/sys/auth/approle", token, new JsonObject().put("type", "approle")).status())
        .isEqualTo(403);
  }

  private TestVault.Resp k8sLogin(String role, String jwt) {
    JsonObject body = new JsonObject();
    if (role != null) {
      body.put("role", role);
    }
    if (jwt != null) {
      body.put("jwt", jwt);
    }
    return t.post("/v1/auth/kubernetes/login", null, body);
  }

  private void configureKubernetes() {
    t.vault.kubernetes("kubernetes")
        .role("kasten", List.of("k10-*"), List.of("kasten-io"), List.of("kasten"), Duration.ofMinutes(20))
        .serviceAccount("jwt-good", "k10-k10", "kasten-io")
        .serviceAccount("jwt-wrong-name", "default", "kasten-io")
        .serviceAccount("jwt-wrong-ns", "k10-k10", "default");
  }

  @Test
  void kubernetes_loginIssuesARealToken() {
    configureKubernetes();

    TestVault.Resp r = k8sLogin("kasten", "jwt-good");
    JsonObject auth = r.auth();

    assertThat(r.status()).isEqualTo(200);
    assertThat(auth.getJsonArray("policies")).containsExactly("default", "kasten");
    assertThat(auth.getInteger("lease_duration")).isEqualTo(1200);
    assertThat(auth.getBoolean("renewable")).isTrue();
    JsonObject meta = auth.getJsonObject("metadata");
    assertThat(meta.getString("role")).isEqualTo("kasten");
    assertThat(meta.getString("service_account_name")).isEqualTo("k10-k10");
    assertThat(meta.getString("service_account_namespace")).isEqualTo("kasten-io");
    assertThat(meta.getString("service_account_uid")).isNotEmpty();
    assertThat(meta.containsKey("service_account_secret_name")).isTrue();
    JsonObject lookup = t.get("/v1/auth/token/lookup-self", auth.getString("client_token")).data();
    assertThat(lookup.getString("display_name")).isEqualTo("kubernetes-kasten-io-k10-k10");
    assertThat(lookup.getString("path")).isEqualTo("auth/kubernetes/login");
  }

  @Test
  void kubernetes_errors() {
    configureKubernetes();

    assertThat(k8sLogin(null, "jwt-good").errors()).isEqualTo("[\"missing role\"]");
    assertThat(k8sLogin("kasten", null).errors()).isEqualTo("[\"missing jwt\"]");
    assertThat(k8sLogin("nope", "jwt-good").status()).isEqualTo(400);
    assertThat(k8sLogin("nope", "jwt-good").errors()).isEqualTo("[\"invalid role name \\\"nope\\\"\"]");
    assertThat(k8sLogin("kasten", "forged").status()).isEqualTo(403);
    assertThat(k8sLogin("kasten", "forged").errors()).isEqualTo("[\"permission denied\"]");
    assertThat(k8sLogin("kasten", "jwt-wrong-name").status()).isEqualTo(403);
    assertThat(k8sLogin("kasten", "jwt-wrong-name").errors())
        .isEqualTo("[\"service account name not authorized\"]");
    assertThat(k8sLogin("kasten", "jwt-wrong-ns").status()).isEqualTo(403);
    assertThat(k8sLogin("kasten", "jwt-wrong-ns").errors()).isEqualTo("[\"namespace not authorized\"]");
  }

  @Test
  void kubernetes_otherMountPath() {
    t.vault.kubernetes("k8s-east").role("r", List.of("*"), List.of("*"), List.of(), Duration.ZERO)
        .serviceAccount("j", "any", "where");

    TestVault.Resp r = t.post("/v1/auth/k8s-east/login", null, new JsonObject().put("role", "r").put("jwt", "j"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.auth().getInteger("lease_duration")).isEqualTo(768 * 3600);
    assertThat(t.post("/v1/auth/kubernetes/login", null, new JsonObject().put("role", "r").put("jwt", "j"))
        .status()).isEqualTo(403);
  }
}
