package dev.transitsidecar.contract;

import static dev.transitsidecar.contract.VaultAssertions.assertErrorContaining;
import static dev.transitsidecar.contract.VaultAssertions.assertNoStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** sys/health, sys/seal-status and unknown paths (docs/vault-api.md 0, 1, 3.7). */
abstract class SysContract extends ContractSupport {

  @Test
  void health_unsealedActiveWithoutToken_returns200WithStateFields() {
    VaultHttp.Response r = http().send("GET", "sys/health", (String) null, null);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertNoStore(r);
    JsonObject body = r.body();
    assertThat(body.getBoolean("initialized")).isTrue();
    assertThat(body.getBoolean("sealed")).isFalse();
    assertThat(body.getBoolean("standby")).isFalse();
    assertThat(body.getBoolean("performance_standby")).isFalse();
    assertThat(body.getString("replication_performance_mode")).isEqualTo("disabled");
    assertThat(body.getString("replication_dr_mode")).isEqualTo("disabled");
    assertThat(body.getBoolean("enterprise")).isFalse();
    assertThat(body.getString("version")).isNotBlank();
    assertThat(body.getString("cluster_name")).isNotBlank();
    assertThat(body.getString("cluster_id")).isNotBlank();
    long now = now().getEpochSecond();
    assertThat(body.getLong("server_time_utc")).isBetween(now - 120, now + 120);
    assertThat(body.containsKey("data")).as("sys/health is not wrapped in the envelope").isFalse();
  }

  @Test
  void health_head_returns200WithoutBody() {
    VaultHttp.Response r = http().send("HEAD", "sys/health", (String) null, null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.rawBody()).isEmpty();
  }

  @Test
  void health_standbyOkQuery_stillReturns200() {
    assertThat(http().send("GET", "sys/health?standbyok=true&perfstandbyok=true", (String) null, null).status())
        .isEqualTo(200);
  }

  @Test
  void sealStatus_unsealed_returnsShamirState() {
    VaultHttp.Response r = http().send("GET", "sys/seal-status", (String) null, null);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertNoStore(r);
    JsonObject body = r.body();
    assertThat(body.getString("type")).isEqualTo("shamir");
    assertThat(body.getBoolean("initialized")).isTrue();
    assertThat(body.getBoolean("sealed")).isFalse();
    assertThat(body.getInteger("t")).isPositive();
    assertThat(body.getInteger("n")).isGreaterThanOrEqualTo(body.getInteger("t"));
    assertThat(body.getInteger("progress")).isZero();
    assertThat(body.getString("version")).isNotBlank();
  }

  @Test
  void unknownMount_anyRequest_returns404() {
    // Lenient on the text: Vault says 'no handler for route "<path>". route entry not found.'
    VaultHttp.Response r = get(unique("nomount") + "/anything");
    assertThat(r.status()).as("%s", r).isEqualTo(404);
    assertNoStore(r);
    assertThat(r.errors()).hasSize(1);
  }

  @Test
  void unknownTransitPath_anyRequest_returns404UnsupportedPath() {
    assertErrorContaining(get("transit/" + unique("bogus")), 404, "unsupported path");
  }

  @Test
  void keyName_endingInDot_returns404UnsupportedPath() {
    // (code-derived) docs/vault-api.md 0 and 1: names must match \w(([\w-.]+)?\w)?, others fall through to 404.
    assertErrorContaining(get("transit/keys/" + unique("k") + "."), 404, "unsupported path");
  }
}
