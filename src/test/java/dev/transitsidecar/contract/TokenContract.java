package dev.transitsidecar.contract;

import static dev.transitsidecar.contract.VaultAssertions.assertEnvelope;
import static dev.transitsidecar.contract.VaultAssertions.assertError;
import static dev.transitsidecar.contract.VaultAssertions.assertInvalidToken;
import static dev.transitsidecar.contract.VaultAssertions.assertNoContent;
import static dev.transitsidecar.contract.VaultAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.transitsidecar.testing.FakeClock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Token create, lookup-self, renew-self, revoke-self, token headers and expiry (docs/vault-api.md 0 and 3.1 to 3.3). */
abstract class TokenContract extends ContractSupport {
  private static final long SLACK = 60;

  private JsonObject token(String ttl, String explicitMaxTtl, boolean renewable) {
    JsonObject request = new JsonObject().put("policies", new JsonArray().add(writePolicy(rule("transit/keys/x", "read"))))
        .put("ttl", ttl).put("renewable", renewable);
    return createToken(explicitMaxTtl == null ? request : request.put("explicit_max_ttl", explicitMaxTtl));
  }

  private VaultHttp.Response as(String token, String method, String path, JsonObject body) {
    return http().send(method, path, token, body);
  }

  private FakeClock clockOrSkip() {
    assumeTrue(target().clock().isPresent(), "time travel needs the engine's FakeClock; the real-Vault run does not sleep");
    return target().clock().orElseThrow();
  }

  @Test
  void tokenCreate_policiesAndTtl_returnsAuthBlockWithDefaultPolicyAdded() {
    String policy = writePolicy(rule("transit/keys/x", "read"));
    VaultHttp.Response r = post("auth/token/create",
        new JsonObject().put("policies", new JsonArray().add(policy)).put("ttl", "1h"));
    JsonObject body = assertEnvelope(r, 200);
    assertThat(body.getValue("data")).isNull();
    JsonObject auth = body.getJsonObject("auth");
    assertThat(auth.fieldNames()).contains("client_token", "accessor", "policies", "token_policies", "metadata",
        "lease_duration", "renewable", "entity_id", "token_type", "orphan", "num_uses");
    assertThat(auth.getString("client_token")).isNotBlank().isNotEqualTo(root());
    assertThat(auth.getString("accessor")).isNotBlank().isNotEqualTo(auth.getString("client_token"));
    // Vault adds "default" unless no_default_policy is set.
    assertThat(strings(auth.getJsonArray("policies"))).containsExactlyInAnyOrder("default", policy);
    assertThat(strings(auth.getJsonArray("token_policies"))).containsExactlyInAnyOrder("default", policy);
    assertThat(auth.getLong("lease_duration")).isEqualTo(3600);
    assertThat(auth.getBoolean("renewable")).isTrue();
    assertThat(auth.getString("token_type")).isEqualTo("service");
    assertThat(auth.getBoolean("orphan")).isFalse();
    assertThat(auth.getInteger("num_uses")).isZero();
  }

  @Test
  void lookupSelf_createdToken_returnsTokenFields() {
    JsonObject auth = token("1h", "90m", true);
    String token = auth.getString("client_token");
    JsonObject data = assertOk(as(token, "GET", "auth/token/lookup-self", null));
    assertThat(data.getString("id")).isEqualTo(token);
    assertThat(data.getString("accessor")).isEqualTo(auth.getString("accessor"));
    assertThat(data.getJsonArray("policies")).isEqualTo(auth.getJsonArray("policies"));
    assertThat(data.getString("path")).isEqualTo("auth/token/create");
    assertThat(data.getString("type")).isEqualTo("service");
    assertThat(data.getBoolean("renewable")).isTrue();
    assertThat(data.getBoolean("orphan")).isFalse();
    assertThat(data.getInteger("num_uses")).isZero();
    assertThat(data.getString("entity_id")).isEmpty();
    assertThat(data.getLong("creation_ttl")).isEqualTo(3600);
    assertThat(data.getLong("explicit_max_ttl")).isEqualTo(5400);
    assertThat(data.getLong("ttl")).isBetween(3600 - SLACK, 3600L);
    long now = now().getEpochSecond();
    assertThat(data.getLong("creation_time")).isBetween(now - SLACK, now + SLACK);
    assertThat(OffsetDateTime.parse(data.getString("expire_time")).toEpochSecond()).isBetween(now + 3600 - SLACK, now + 3600 + SLACK);
    assertThat(OffsetDateTime.parse(data.getString("issue_time")).toEpochSecond()).isBetween(now - SLACK, now + SLACK);
  }

  @Test
  void lookupSelf_rootToken_hasRootPolicyAndNoExpiry() {
    // (code-derived) docs/vault-api.md 3.1: root has ttl 0, expire_time null, renewable false, creation_ttl 0.
    JsonObject data = assertOk(get("auth/token/lookup-self"));
    assertThat(data.getString("id")).isEqualTo(root());
    assertThat(strings(data.getJsonArray("policies"))).containsExactly("root");
    assertThat(data.getLong("ttl")).isZero();
    assertThat(data.getLong("creation_ttl")).isZero();
    assertThat(data.containsKey("expire_time")).isTrue();
    assertThat(data.getValue("expire_time")).isNull();
    assertThat(data.getBoolean("renewable")).isFalse();
  }

  @Test
  void lookupSelf_bearerAuthorization_authenticates() {
    String token = token("1h", null, true).getString("client_token");
    VaultHttp.Response r = http().send("GET", "auth/token/lookup-self", Map.of("Authorization", "Bearer " + token), null);
    assertThat(assertOk(r).getString("id")).isEqualTo(token);
  }

  @Test
  void lookupSelf_bothTokenHeaders_xVaultTokenWins() {
    String token = token("1h", null, true).getString("client_token");
    VaultHttp.Response r = http().send("GET", "auth/token/lookup-self",
        Map.of("X-Vault-Token", token, "Authorization", "Bearer not-a-token"), null);
    assertThat(assertOk(r).getString("id")).isEqualTo(token);
  }

  @Test
  void lookupSelf_missingToken_returns403() {
    assertInvalidToken(http().send("GET", "auth/token/lookup-self", (String) null, null));
  }

  @Test
  void lookupSelf_unknownToken_returns403() {
    assertInvalidToken(as("hvs.not-a-real-token", "GET", "auth/token/lookup-self", null));
  }

  @Test
  void renewSelf_numericIncrement_setsLeaseDuration() {
    String token = token("1h", null, true).getString("client_token");
    JsonObject body = assertEnvelope(as(token, "POST", "auth/token/renew-self", new JsonObject().put("increment", 7200)), 200);
    assertThat(body.getValue("data")).isNull();
    assertThat(body.getValue("warnings")).isNull();
    JsonObject auth = body.getJsonObject("auth");
    assertThat(auth.getString("client_token")).isEqualTo(token);
    assertThat(auth.getLong("lease_duration")).isEqualTo(7200);
    assertThat(auth.getBoolean("renewable")).isTrue();
    assertThat(auth.getString("token_type")).isEqualTo("service");
  }

  @Test
  void renewSelf_durationStringIncrement_setsLeaseDuration() {
    String token = token("1h", null, true).getString("client_token");
    JsonObject body = assertEnvelope(as(token, "POST", "auth/token/renew-self", new JsonObject().put("increment", "2h")), 200);
    assertThat(body.getJsonObject("auth").getLong("lease_duration")).isEqualTo(7200);
  }

  @Test
  void renewSelf_incrementBeyondExplicitMaxTtl_isCappedWithWarning() {
    String token = token("1h", "90m", true).getString("client_token");
    JsonObject body = assertEnvelope(as(token, "POST", "auth/token/renew-self", new JsonObject().put("increment", "2h")), 200);
    assertThat(body.getJsonObject("auth").getLong("lease_duration")).isBetween(5400 - SLACK, 5400L);
    // e.g. TTL of "2h0m0s" exceeded the effective max_ttl of "1h29m59s"; TTL value is capped accordingly
    assertThat(strings(body.getJsonArray("warnings")))
        .anySatisfy(w -> assertThat(w).contains("exceeded the effective max_ttl"));
  }

  @Test
  void renewSelf_nonRenewableToken_returns400() {
    String token = token("1h", null, false).getString("client_token");
    assertError(as(token, "POST", "auth/token/renew-self", new JsonObject()), 400, "lease is not renewable");
  }

  @Test
  void revokeSelf_thenUse_returns403() {
    String token = token("1h", null, true).getString("client_token");
    assertNoContent(as(token, "POST", "auth/token/revoke-self", null));
    assertInvalidToken(as(token, "GET", "auth/token/lookup-self", null));
    assertInvalidToken(as(token, "POST", "transit/encrypt/x", item("plaintext", b64("x"))));
  }

  @Test
  void lookupSelf_clockAdvanced_ttlCountsDown() {
    FakeClock clock = clockOrSkip();
    String token = token("1h", null, true).getString("client_token");
    clock.advance(Duration.ofMinutes(10));
    assertThat(assertOk(as(token, "GET", "auth/token/lookup-self", null)).getLong("ttl")).isEqualTo(3000);
  }

  @Test
  void token_clockAdvancedPastTtl_isRejected() {
    FakeClock clock = clockOrSkip();
    String token = token("60s", null, true).getString("client_token");
    clock.advance(Duration.ofSeconds(59));
    assertOk(as(token, "GET", "auth/token/lookup-self", null));
    clock.advance(Duration.ofSeconds(2));
    assertInvalidToken(as(token, "GET", "auth/token/lookup-self", null));
  }

  @Test
  void renewSelf_afterClockAdvance_extendsFromNow() {
    FakeClock clock = clockOrSkip();
    String token = token("1h", null, true).getString("client_token");
    clock.advance(Duration.ofMinutes(50));
    JsonObject body = assertEnvelope(as(token, "POST", "auth/token/renew-self", new JsonObject().put("increment", 3600)), 200);
    assertThat(body.getJsonObject("auth").getLong("lease_duration")).isEqualTo(3600);
    clock.advance(Duration.ofMinutes(30));
    assertThat(assertOk(as(token, "GET", "auth/token/lookup-self", null)).getLong("ttl")).isEqualTo(1800);
  }
}
