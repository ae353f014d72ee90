package dev.transitsidecar.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.devvault.TokenSpec;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What users see: the status section, readiness and the Prometheus names. Never the token. */
class StatusAndMetricsTest {
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
  void status_authenticated_showsLifetimeNeverTheToken() {
    String token = f.token(TokenSpec.of("kasten").withTtl(Duration.ofHours(1)));
    Auth auth = f.startAuthenticated(f.tokenMethod(f.write("vault_token", token)));
    f.scheduler.advance(Duration.ofMinutes(42));
    AuthFixture.eventually(() -> auth.status().status().getValue("last_renewal") != null);

    JsonObject status = auth.status().status();

    assertThat(auth.status().section()).isEqualTo("auth");
    assertThat(status.fieldNames()).containsExactlyInAnyOrder("method", "authenticated", "ttl_seconds", "renewable",
        "expire_time", "last_login", "last_renewal", "last_error");
    assertThat(status.getString("method")).isEqualTo("token");
    assertThat(status.getBoolean("authenticated")).isTrue();
    assertThat(status.getLong("ttl_seconds")).isEqualTo(3600);
    assertThat(status.getBoolean("renewable")).isTrue();
    assertThat(status.getString("last_renewal")).isEqualTo("2026-11-29T12:42:00Z");
    assertThat(status.getString("expire_time")).isEqualTo("2026-11-29T13:42:00Z");
    assertThat(status.getValue("last_error")).isNull();
    assertThat(status.encode()).doesNotContain(token);
  }

  @Test
  void metrics_prometheusNames_exactlyAsDocumented() {
    Auth auth = f.startAuthenticated(f.kubernetesMethod("k10", f.kubernetesRole(Duration.ofHours(1))));
    f.runNextUntil(() -> f.metric("transit_sidecar_token_renewals_total{result=\"success\"}") == 1);
    f.scheduler.advance(Duration.ofMinutes(10));

    String text = f.registry.scrape();

    assertThat(text).contains("# TYPE transit_sidecar_token_ttl_seconds gauge")
        .contains("# TYPE transit_sidecar_authenticated gauge")
        .contains("# TYPE transit_sidecar_token_renewals_total counter")
        .contains("# TYPE transit_sidecar_logins_total counter");
    assertThat(f.metric("transit_sidecar_token_ttl_seconds")).isEqualTo(3000);
    assertThat(f.metric("transit_sidecar_authenticated")).isEqualTo(1);
    assertThat(f.metric("transit_sidecar_token_renewals_total{result=\"success\"}")).isEqualTo(1);
    assertThat(f.metric("transit_sidecar_token_renewals_total{result=\"failure\"}")).isZero();
    assertThat(f.metric("transit_sidecar_logins_total{method=\"kubernetes\",result=\"success\"}")).isEqualTo(1);
    assertThat(f.metric("transit_sidecar_logins_total{method=\"kubernetes\",result=\"failure\"}")).isZero();
    assertThat(auth.readiness().notReadyReason()).isEmpty();
  }

  @Test
  void renewal_vaultFailing_backsOffAndRecordsTheError() {
    Auth auth = f.startAuthenticated(f.kubernetesMethod("k10", f.kubernetesRole(Duration.ofHours(1))));
    f.vault.faults().failNext(3, 503, "overloaded, try again later");
    for (int failures = 1; failures <= 3; failures++) {
      int expected = failures;
      f.runNextUntil(() -> f.metric("transit_sidecar_token_renewals_total{result=\"failure\"}") == expected);
      AuthFixture.eventually(() -> f.scheduler.nextDelay().orElseThrow().compareTo(Duration.ofMinutes(5)) < 0);
      assertThat(f.scheduler.nextDelay()).contains(Duration.ofSeconds(1L << (failures - 1)));
    }
    assertThat(auth.status().status().getString("last_error")).isEqualTo("token renewal refused: overloaded, try again later");
    assertThat(auth.state().authenticated()).isTrue();

    f.runNextUntil(() -> f.metric("transit_sidecar_token_renewals_total{result=\"success\"}") == 1);
    assertThat(auth.status().status().getValue("last_error")).isNull();
    assertThat(f.scheduler.nextDelay()).contains(Duration.ofSeconds(2520));
  }
}
