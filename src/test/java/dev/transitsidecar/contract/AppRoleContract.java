package dev.transitsidecar.contract;

import static dev.transitsidecar.contract.VaultAssertions.assertEnvelope;
import static dev.transitsidecar.contract.VaultAssertions.assertError;
import static dev.transitsidecar.contract.VaultAssertions.assertNoContent;
import static dev.transitsidecar.contract.VaultAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** AppRole: role, role-id, secret-id and login (docs/vault-api.md 3.5). The target has AppRole enabled at {@code approle}. */
abstract class AppRoleContract extends ContractSupport {
  private static final String INVALID = "invalid role or secret ID";

  /** role name, role_id, secret_id of a fresh role whose tokens get {@code policy} and a 1h TTL. */
  private record Role(String name, String roleId, String secretId) {}

  private Role role(String policy) {
    String name = unique("r");
    String base = "auth/" + VaultTarget.APPROLE + "/role/" + name;
    assertNoContent(post(base, new JsonObject().put("token_policies", new JsonArray().add(policy)).put("token_ttl", "1h")));
    String roleId = assertOk(get(base + "/role-id")).getString("role_id");
    JsonObject secret = assertOk(post(base + "/secret-id", new JsonObject()));
    assertThat(secret.getString("secret_id_accessor")).isNotBlank();
    return new Role(name, roleId, secret.getString("secret_id"));
  }

  private VaultHttp.Response login(JsonObject body) {
    return http().send("POST", "auth/" + VaultTarget.APPROLE + "/login", (String) null, body);
  }

  @Test
  void login_validRoleAndSecretId_issuesTokenWithRolePolicies() {
    String key = createKey();
    String policy = writePolicy(rule("transit/encrypt/" + key, "update"));
    Role role = role(policy);
    assertThat(role.roleId()).isNotBlank();
    assertThat(role.secretId()).isNotBlank();
    JsonObject body = assertEnvelope(login(new JsonObject().put("role_id", role.roleId()).put("secret_id", role.secretId())), 200);
    assertThat(body.getValue("data")).isNull();
    JsonObject auth = body.getJsonObject("auth");
    assertThat(strings(auth.getJsonArray("policies"))).containsExactlyInAnyOrder("default", policy);
    assertThat(strings(auth.getJsonArray("token_policies"))).containsExactlyInAnyOrder("default", policy);
    assertThat(auth.getJsonObject("metadata")).isEqualTo(new JsonObject().put("role_name", role.name()));
    assertThat(auth.getLong("lease_duration")).isEqualTo(3600);
    assertThat(auth.getBoolean("renewable")).isTrue();
    assertThat(auth.getString("token_type")).isEqualTo("service");
    assertThat(auth.getBoolean("orphan")).isTrue();
    String token = auth.getString("client_token");
    assertThat(auth.getString("accessor")).isNotBlank();
    JsonObject self = assertOk(http().send("GET", "auth/token/lookup-self", token, null));
    assertThat(self.getString("path")).isEqualTo("auth/" + VaultTarget.APPROLE + "/login");
    assertThat(assertOk(http().send("POST", "transit/encrypt/" + key, token, item("plaintext", b64("x"))))
        .getString("ciphertext")).startsWith("vault:v1:");
  }

  @Test
  void login_wrongSecretId_returns400() {
    Role role = role(writePolicy(rule("transit/keys/x", "read")));
    assertError(login(new JsonObject().put("role_id", role.roleId()).put("secret_id", "00000000-0000-0000-0000-000000000000")),
        400, INVALID);
  }

  @Test
  void login_unknownRoleId_returns400() {
    Role role = role(writePolicy(rule("transit/keys/x", "read")));
    assertError(login(new JsonObject().put("role_id", "11111111-1111-1111-1111-111111111111").put("secret_id", role.secretId())),
        400, INVALID);
  }

  @Test
  void login_missingSecretId_returns400() {
    Role role = role(writePolicy(rule("transit/keys/x", "read")));
    assertError(login(new JsonObject().put("role_id", role.roleId())), 400, "missing secret_id");
  }

  @Test
  void secretId_eachCall_returnsDistinctSecretsThatBothLogIn() {
    String policy = writePolicy(rule("transit/keys/x", "read"));
    Role role = role(policy);
    String second = assertOk(post("auth/" + VaultTarget.APPROLE + "/role/" + role.name() + "/secret-id", new JsonObject()))
        .getString("secret_id");
    assertThat(second).isNotEqualTo(role.secretId());
    assertEnvelope(login(new JsonObject().put("role_id", role.roleId()).put("secret_id", role.secretId())), 200);
    assertEnvelope(login(new JsonObject().put("role_id", role.roleId()).put("secret_id", second)), 200);
  }
}
