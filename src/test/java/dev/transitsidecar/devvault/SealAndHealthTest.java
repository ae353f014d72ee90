package dev.transitsidecar.devvault;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SealAndHealthTest {
  @AutoClose
  private final TestVault t = new TestVault();

  @Test
  void health_active_is200WithVaultFields() {
    TestVault.Resp r = t.get("/v1/sys/health", null);
    JsonObject body = r.json();

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(body.getBoolean("initialized")).isTrue();
    assertThat(body.getBoolean("sealed")).isFalse();
    assertThat(body.getBoolean("standby")).isFalse();
    assertThat(body.getBoolean("performance_standby")).isFalse();
    assertThat(body.getString("replication_performance_mode")).isEqualTo("disabled");
    assertThat(body.getString("replication_dr_mode")).isEqualTo("disabled");
    assertThat(body.getLong("server_time_utc")).isEqualTo(t.clock.instant().getEpochSecond());
    assertThat(body.getString("version")).isNotEmpty();
    assertThat(body.getBoolean("enterprise")).isFalse();
    assertThat(body.getString("cluster_name")).isNotEmpty();
    assertThat(body.getString("cluster_id")).isNotEmpty();
  }

  @Test
  void health_customCodes() {
    assertThat(t.get("/v1/sys/health?activecode=299", null).status()).isEqualTo(299);
    assertThat(t.get("/v1/sys/health?standbyok=true&perfstandbyok=true", null).status()).isEqualTo(200);
    t.vault.seal();
    assertThat(t.get("/v1/sys/health?sealedcode=200", null).status()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"activecode=abc", "sealedcode=", "standbycode=1.5", "standbyok=maybe"})
  void health_badParameter_is400(String query) {
    TestVault.Resp r = t.get("/v1/sys/health?" + query, null);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonArray("errors")).isEmpty();
  }

  @Test
  void health_head_returnsStatusOnly() {
    TestVault.Resp active = t.send("HEAD", "/v1/sys/health", null, null);
    t.vault.seal();
    TestVault.Resp sealed = t.send("HEAD", "/v1/sys/health", null, null);

    assertThat(active.status()).isEqualTo(200);
    assertThat(active.body()).isEmpty();
    assertThat(sealed.status()).isEqualTo(503);
  }

  @Test
  void sealed_answers503ExceptHealthAndSealStatus() {
    t.vault.seal();

    TestVault.Resp health = t.get("/v1/sys/health", null);
    TestVault.Resp status = t.get("/v1/sys/seal-status", null);
    TestVault.Resp lookup = t.get("/v1/auth/token/lookup-self", t.root());
    TestVault.Resp badToken = t.get("/v1/transit/keys", "hvs.bogus");
    TestVault.Resp login = t.post("/v1/auth/kubernetes/login", null, new JsonObject().put("role", "r"));

    assertThat(t.vault.isSealed()).isTrue();
    assertThat(health.status()).isEqualTo(503);
    assertThat(health.json().getBoolean("sealed")).isTrue();
    assertThat(health.json().containsKey("cluster_id")).isFalse();
    assertThat(status.status()).isEqualTo(200);
    assertThat(status.json().getBoolean("sealed")).isTrue();
    for (TestVault.Resp r : new TestVault.Resp[] {lookup, badToken, login}) {
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.errors()).isEqualTo("[\"Vault is sealed\"]");
    }
  }

  @Test
  void unseal_keepsTokens() {
    String token = t.createToken(new JsonObject());
    t.vault.seal();
    t.vault.unseal();

    assertThat(t.get("/v1/auth/token/lookup-self", token).status()).isEqualTo(200);
    assertThat(t.get("/v1/sys/seal-status", null).json().getBoolean("sealed")).isFalse();
    assertThat(t.get("/v1/sys/seal-status", null).json().getString("type")).isEqualTo("shamir");
  }
}
