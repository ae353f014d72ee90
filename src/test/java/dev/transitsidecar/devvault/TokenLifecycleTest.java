package dev.transitsidecar.devvault;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class TokenLifecycleTest {
  private static final String LOOKUP_SELF = "/v1/auth/token/lookup-self";
  private static final String RENEW_SELF = "/v1/auth/token/renew-self";
  @AutoClose
  private final TestVault t = new TestVault();

  private JsonObject lookup(String token) {
    TestVault.Resp r = t.get(LOOKUP_SELF, token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.data();
  }

  private TestVault.Resp renew(String token, Object increment) {
    JsonObject body = increment == null ? null : new JsonObject().put("increment", increment);
    return t.post(RENEW_SELF, token, body);
  }

  @Test
  void rootToken_looksLikeVaultsRoot() {
    JsonObject data = lookup(t.root());

    assertThat(t.root()).startsWith("hvs.").hasSizeGreaterThanOrEqualTo(28);
    assertThat(data.getJsonArray("policies")).containsExactly("root");
    assertThat(data.getInteger("ttl")).isZero();
    assertThat(data.getInteger("creation_ttl")).isZero();
    assertThat(data.containsKey("expire_time")).isTrue();
    assertThat(data.getValue("expire_time")).isNull();
    assertThat(data.getBoolean("renewable")).isFalse();
    assertThat(data.getBoolean("orphan")).isTrue();
    assertThat(data.getString("type")).isEqualTo("service");
    assertThat(data.getString("path")).isEqualTo("auth/token/root");
  }

  @Test
  void rootToken_cannotBeRenewed() {
    TestVault.Resp r = renew(t.root(), null);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errors()).isEqualTo("[\"lease is not renewable\"]");
  }

  @Test
  void create_returnsAuthBlockAndLookupHasEveryField() {
    TestVault.Resp r = t.post("/v1/auth/token/create", t.root(), new JsonObject()
        .put("policies", new JsonArray().add("kasten")).put("ttl", "1h").put("display_name", "my app")
        .put("meta", new JsonObject().put("team", "k10")));
    JsonObject auth = r.auth();

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().getValue("data")).isNull();
    assertThat(auth.getString("client_token")).startsWith("hvs.");
    assertThat(auth.getString("accessor")).hasSize(24);
    assertThat(auth.getJsonArray("policies")).containsExactly("default", "kasten");
    assertThat(auth.getInteger("lease_duration")).isEqualTo(3600);
    assertThat(auth.getBoolean("renewable")).isTrue();
    assertThat(auth.getString("token_type")).isEqualTo("service");
    assertThat(auth.getBoolean("orphan")).isFalse();
    assertThat(auth.getJsonObject("metadata").getString("team")).isEqualTo("k10");

    t.clock.advance(Duration.ofMinutes(10));
    JsonObject data = lookup(auth.getString("client_token"));
    assertThat(data.fieldNames()).contains("id", "accessor", "policies", "path", "meta", "display_name", "num_uses",
        "orphan", "creation_time", "creation_ttl", "ttl", "expire_time", "explicit_max_ttl", "entity_id", "type",
        "renewable", "issue_time");
    assertThat(data.getInteger("ttl")).isEqualTo(3000);
    assertThat(data.getInteger("creation_ttl")).isEqualTo(3600);
    assertThat(data.getLong("creation_time")).isEqualTo(t.clock.instant().minusSeconds(600).getEpochSecond());
    assertThat(data.getString("expire_time")).isEqualTo("2026-11-29T13:00:00Z");
    assertThat(data.getString("issue_time")).isEqualTo("2026-11-29T12:00:00Z");
    assertThat(data.getString("display_name")).isEqualTo("token-my-app");
    assertThat(data.getString("path")).isEqualTo("auth/token/create");
  }

  @Test
  void create_withoutTtl_getsSystemDefault_unlessItInheritsRoot() {
    String token = t.createToken(new JsonObject().put("policies", new JsonArray().add("kasten")));
    String rootChild = t.createToken(new JsonObject());

    assertThat(lookup(token).getInteger("ttl")).isEqualTo(768 * 3600);
    assertThat(lookup(rootChild).getJsonArray("policies")).containsExactly("root");
    assertThat(lookup(rootChild).getValue("expire_time")).isNull();
  }

  @Test
  void create_aboveSystemMax_isCappedWithWarning() {
    try (TestVault capped = new TestVault(o -> o.withMaxTokenTtl(Duration.ofHours(2)))) {
      TestVault.Resp r = capped.post("/v1/auth/token/create", capped.root(), new JsonObject().put("ttl", "5h"));

      assertThat(r.auth().getInteger("lease_duration")).isEqualTo(7200);
      assertThat(r.json().getJsonArray("warnings")).containsExactly(
          "TTL of \"5h0m0s\" exceeded the effective max_ttl of \"2h0m0s\"; TTL value is capped accordingly");
    }
  }

  @Test
  void renew_withIncrement_setsNewTtlFromNow() {
    String token = t.createToken(new JsonObject().put("ttl", "1h"));
    t.clock.advance(Duration.ofMinutes(30));

    TestVault.Resp r = renew(token, "2h");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.auth().getInteger("lease_duration")).isEqualTo(7200);
    assertThat(r.json().getValue("warnings")).isNull();
    JsonObject data = lookup(token);
    assertThat(data.getInteger("ttl")).isEqualTo(7200);
    assertThat(data.getInteger("creation_ttl")).isEqualTo(3600);
    assertThat(data.getLong("last_renewal_time")).isEqualTo(t.clock.instant().getEpochSecond());
  }

  @Test
  void renew_withNumericIncrement_andWithoutIncrement() {
    String token = t.createToken(new JsonObject().put("ttl", 3600));
    t.clock.advance(Duration.ofMinutes(50));

    assertThat(renew(token, 120).auth().getInteger("lease_duration")).isEqualTo(120);
    assertThat(renew(token, null).auth().getInteger("lease_duration")).isEqualTo(3600);
  }

  @Test
  void renew_isCappedByExplicitMaxTtl_withWarning() {
    String token = t.createToken(new JsonObject().put("ttl", "1h").put("explicit_max_ttl", "90m"));
    t.clock.advance(Duration.ofMinutes(50));

    TestVault.Resp r = renew(token, "1h");

    assertThat(r.auth().getInteger("lease_duration")).isEqualTo(40 * 60);
    assertThat(r.json().getJsonArray("warnings")).containsExactly(
        "TTL of \"1h0m0s\" exceeded the effective max_ttl of \"40m0s\"; TTL value is capped accordingly");
    t.clock.advance(Duration.ofMinutes(40));
    assertThat(t.get(LOOKUP_SELF, token).status()).isEqualTo(403);
  }

  @Test
  void create_ttlAboveExplicitMax_isCapped() {
    TestVault.Resp r = t.post("/v1/auth/token/create", t.root(),
        new JsonObject().put("ttl", "2h").put("explicit_max_ttl", "1h"));

    assertThat(r.auth().getInteger("lease_duration")).isEqualTo(3600);
    assertThat(r.json().getJsonArray("warnings")).hasSize(1);
    assertThat(lookup(r.auth().getString("client_token")).getInteger("explicit_max_ttl")).isEqualTo(3600);
  }

  @Test
  void periodicToken_renewsToThePeriodWhateverTheIncrement() {
    String token = t.createToken(new JsonObject().put("period", "1h"));
    assertThat(lookup(token).getInteger("period")).isEqualTo(3600);
    t.clock.advance(Duration.ofMinutes(59));

    assertThat(renew(token, "5h").auth().getInteger("lease_duration")).isEqualTo(3600);
    t.clock.advance(Duration.ofDays(40));
    assertThat(t.get(LOOKUP_SELF, token).status()).isEqualTo(403);
  }

  @Test
  void nonRenewableToken_refusesRenewal() {
    String token = t.createToken(new JsonObject().put("ttl", "1h").put("renewable", false));

    TestVault.Resp r = renew(token, "1h");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errors()).isEqualTo("[\"lease is not renewable\"]");
    assertThat(lookup(token).getBoolean("renewable")).isFalse();
  }

  @Test
  void expiredToken_isInvalid() {
    String token = t.createToken(new JsonObject().put("ttl", "60s"));
    t.clock.advance(Duration.ofSeconds(59));
    assertThat(t.get(LOOKUP_SELF, token).status()).isEqualTo(200);
    t.clock.advance(Duration.ofSeconds(1));

    TestVault.Resp r = t.get(LOOKUP_SELF, token);

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.errors()).contains("permission denied").contains("invalid token");
  }

  @Test
  void revokeSelf_is204AndInvalidatesTheToken() {
    String token = t.createToken(new JsonObject());

    assertThat(t.post("/v1/auth/token/revoke-self", token, null).status()).isEqualTo(204);
    assertThat(t.get(LOOKUP_SELF, token).errors()).contains("invalid token");
  }

  @Test
  void revoke_takesChildrenButNotOrphans() {
    String parent = t.createToken(new JsonObject().put("policies", new JsonArray().add("root")));
    String child = t.post("/v1/auth/token/create", parent, new JsonObject()).auth().getString("client_token");
    String orphan = t.post("/v1/auth/token/create-orphan", parent, new JsonObject()).auth()
        .getString("client_token");

    assertThat(t.post("/v1/auth/token/revoke", t.root(), new JsonObject().put("token", parent)).status())
        .isEqualTo(204);

    assertThat(t.get(LOOKUP_SELF, child).status()).isEqualTo(403);
    assertThat(lookup(orphan).getBoolean("orphan")).isTrue();
  }

  @Test
  void numUses_limitsRequests() {
    String token = t.createToken(new JsonObject().put("num_uses", 2));

    assertThat(lookup(token).getInteger("num_uses")).isEqualTo(1);
    assertThat(t.get(LOOKUP_SELF, token).status()).isEqualTo(200);
    assertThat(t.get(LOOKUP_SELF, token).status()).isEqualTo(403);
  }

  @Test
  void lookup_otherToken_andUnknownToken() {
    String token = t.createToken(new JsonObject().put("ttl", "1h"));

    TestVault.Resp ok = t.post("/v1/auth/token/lookup", t.root(), new JsonObject().put("token", token));
    TestVault.Resp bad = t.post("/v1/auth/token/lookup", t.root(), new JsonObject().put("token", "hvs.nope"));

    assertThat(ok.data().getString("id")).isEqualTo(token);
    assertThat(bad.status()).isEqualTo(403);
    assertThat(bad.errors()).isEqualTo("[\"bad token\"]");
  }

  @Test
  void renew_otherToken() {
    String token = t.createToken(new JsonObject().put("ttl", "1h"));

    TestVault.Resp r = t.post("/v1/auth/token/renew", t.root(),
        new JsonObject().put("token", token).put("increment", "30m"));

    assertThat(r.auth().getInteger("lease_duration")).isEqualTo(1800);
    assertThat(t.post("/v1/auth/token/renew", t.root(), new JsonObject().put("token", "hvs.x")).errors())
        .isEqualTo("[\"token not found\"]");
  }

  @Test
  void childPolicies_mustBeSubsetOfParent() {
    t.vault.putPolicy("creator", "path \"auth/token/create\" { capabilities = [\"update\"] }");
    String parent = t.createToken(new JsonObject().put("policies", new JsonArray().add("creator")));

    TestVault.Resp escalate = t.post("/v1/auth/token/create", parent,
        new JsonObject().put("policies", new JsonArray().add("admin")));
    TestVault.Resp periodic = t.post("/v1/auth/token/create", parent, new JsonObject().put("period", "1h"));
    TestVault.Resp inherit = t.post("/v1/auth/token/create", parent, new JsonObject());

    assertThat(escalate.errors()).isEqualTo("[\"child policies must be subset of parent\"]");
    assertThat(periodic.errors()).isEqualTo("[\"root or sudo privileges required to create periodic token\"]");
    assertThat(inherit.auth().getJsonArray("policies")).containsExactly("creator", "default");
  }

  @Test
  void batchTokens_areRefused() {
    TestVault.Resp r = t.post("/v1/auth/token/create", t.root(), new JsonObject().put("type", "batch"));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errors()).contains("batch tokens are not supported");
  }

  @Test
  void invalidTtl_is400WithoutEchoingTheValue() {
    TestVault.Resp r = t.post("/v1/auth/token/create", t.root(), new JsonObject().put("ttl", "soon-ish"));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errors()).contains("\\\"ttl\\\"").doesNotContain("soon-ish");
  }

  @Test
  void javaApi_createsAndRevokesTokens() {
    String token = t.vault.createToken(TokenSpec.of("kasten").withTtl(Duration.ofMinutes(5)).withRenewable(false));

    JsonObject data = lookup(token);
    assertThat(data.getJsonArray("policies")).containsExactly("default", "kasten");
    assertThat(data.getInteger("ttl")).isEqualTo(300);
    assertThat(data.getBoolean("renewable")).isFalse();
    t.vault.revokeToken(token);
    assertThat(t.get(LOOKUP_SELF, token).status()).isEqualTo(403);
  }
}
