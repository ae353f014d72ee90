package dev.transitsidecar.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.vault.VaultRequest;
import dev.transitsidecar.vault.VaultToken;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lifetime watcher against the embedded engine, on a fake clock: renewal, capped TTLs, failures. */
class RenewalTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final VaultRequest ENCRYPT = VaultRequest.post("/v1/transit/encrypt/kasten",
      new JsonObject().put("plaintext", "aGVsbG8="));

  @TempDir
  Path dir;
  AuthFixture f;

  @BeforeEach
  void setUp() {
    f = new AuthFixture(dir);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void renewal_manyTtlCycles_renewsAtSeventyPercentAndNeverLapses() {
    Auth auth = f.startAuthenticated(f.kubernetesMethod("k10", f.kubernetesRole(HOUR)));
    VaultToken first = auth.state().held().orElseThrow().token();
    for (int cycle = 1; cycle <= 60; cycle++) {
      assertThat(f.scheduler.nextDelay()).contains(Duration.ofSeconds(2520));
      int expected = cycle;
      f.runNextUntil(() -> f.metric("transit_sidecar_token_renewals_total{result=\"success\"}") == expected);
      assertThat(auth.state().held().orElseThrow().remaining(f.clock)).isEqualTo(HOUR);
    }
    assertThat(auth.session().call("encrypt", ENCRYPT).await().getJsonObject("data").getString("ciphertext"))
        .startsWith("vault:v1:");
    assertThat(auth.state().held().orElseThrow().token().sameAs(first)).isTrue();
    assertThat(f.metric("transit_sidecar_logins_total{method=\"kubernetes\",result=\"success\"}")).isEqualTo(1);
    assertThat(f.metric("transit_sidecar_token_renewals_total{result=\"failure\"}")).isZero();
    assertThat(f.metric("transit_sidecar_authenticated")).isEqualTo(1);
    assertThat(f.metric("transit_sidecar_token_ttl_seconds")).isEqualTo(3600);
  }

  @Test
  void cappedTtl_renewalsStopExtending_logsInAgainBeforeLapse() {
    Path[] files = f.appRole("1h", "2h");
    Auth auth = f.startAuthenticated(f.appRoleMethod(files[0], files[1]));
    Instant firstExpiry = Instant.parse("2026-11-29T12:00:00Z").plus(Duration.ofHours(2));
    VaultToken first = auth.state().held().orElseThrow().token();
    while (auth.state().held().orElseThrow().token().sameAs(first)) {
      double logins = f.metric("transit_sidecar_logins_total{method=\"approle\",result=\"success\"}");
      double renewals = f.metric("transit_sidecar_token_renewals_total{result=\"success\"}");
      f.runNextUntil(() -> f.metric("transit_sidecar_logins_total{method=\"approle\",result=\"success\"}") > logins
          || f.metric("transit_sidecar_token_renewals_total{result=\"success\"}") > renewals);
      assertThat(auth.state().authenticated()).isTrue();
    }
    assertThat(f.clock.instant()).isBefore(firstExpiry);
    assertThat(f.metric("transit_sidecar_logins_total{method=\"approle\",result=\"success\"}")).isEqualTo(2);
    assertThat(f.logs.anyContains("its TTL is capped by its max TTL")).isTrue();
    assertThat(auth.state().held().orElseThrow().remaining(f.clock)).isEqualTo(HOUR);
  }
}
