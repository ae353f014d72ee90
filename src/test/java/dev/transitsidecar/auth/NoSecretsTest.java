package dev.transitsidecar.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.vault.VaultToken;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials never show in a toString or a message. (Every other test of this package also checks, through
 * {@link AuthFixture#close()}, that no credential it handed out appears in any captured log line.)
 */
class NoSecretsTest {
  private static final String TOKEN = "hvs.CAESIJ-no-secrets-test-token";

  @TempDir
  Path dir;

  @Test
  void toStrings_holdingCredentials_redacted() {
    Held held = new Held(VaultToken.of(TOKEN), Instant.EPOCH, new Lease(Duration.ofHours(1), true));

    assertThat(held.toString()).doesNotContain(TOKEN).contains("PT1H");
    assertThat(new Secret("eyJhbGciOiJSUzI1NiJ9.jwt").toString()).isEqualTo("Secret[redacted]");
  }

  @Test
  void startupError_badVaultTokenEnv_messageWithoutTheValue() {
    try (AuthFixture f = new AuthFixture(dir)) {
      String bad = f.secret("hvs.has a space");
      f.env.put("VAULT_TOKEN", bad);

      Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> f.startAsync(f.tokenMethod(dir.resolve("t")))
          .await());

      assertThat(e).isInstanceOf(AuthStartupException.class)
          .hasMessage("VAULT_TOKEN: the token has characters that are not printable ASCII");
    }
  }

  @Test
  void logsAndStatus_fullLifecycle_neverContainCredentials() {
    try (AuthFixture f = new AuthFixture(dir)) {
      Path jwt = f.kubernetesRole(Duration.ofMinutes(5));
      Auth auth = f.startAuthenticated(f.kubernetesMethod("k10", jwt));
      String token = f.secret(auth.state().held().orElseThrow().token().revealForHeader());
      f.runNextUntil(() -> f.metric("transit_sidecar_token_renewals_total{result=\"success\"}") == 1);
      f.vault.revokeToken(token);
      f.runNextUntil(() -> f.metric("transit_sidecar_logins_total{method=\"kubernetes\",result=\"success\"}") == 2);
      f.secret(auth.state().held().orElseThrow().token().revealForHeader());

      assertThat(auth.status().status().encode()).doesNotContain(token);
      assertThat(f.registry.scrape()).doesNotContain(token);
      assertThat(f.logs.lines()).isNotEmpty();
    }
  }
}
