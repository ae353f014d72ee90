package dev.transitsidecar.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.transitsidecar.config.TlsConfig;
import dev.transitsidecar.config.VaultConfig;
import dev.transitsidecar.testing.TestConfigs;
import dev.transitsidecar.vault.VaultClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What fails the start (only what the user fixes locally) and what only keeps the sidecar not ready. */
class StartupTest {
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

  private AuthStartupException startFails(dev.transitsidecar.config.AuthConfig config) {
    AuthStartupException e = catchThrowableOfType(AuthStartupException.class, () -> f.startAsync(config).await());
    assertThat(e.getMessage()).doesNotContain("\n");
    assertThat(e.getStackTrace()).isEmpty();
    return e;
  }

  @Test
  void start_tokenFileMissingAndNoVaultToken_failsWithOneLine() {
    Path missing = dir.resolve("vault_token");
    assertThat(startFails(f.tokenMethod(missing))).hasMessage(
        "auth.tokenFile " + missing + ": no such file, and VAULT_TOKEN is not set");
  }

  @Test
  void start_tokenFileEmpty_fails() {
    Path empty = f.write("vault_token", " \n");
    assertThat(startFails(f.tokenMethod(empty))).hasMessage(
        "auth.tokenFile " + empty + " is empty, and VAULT_TOKEN is not set");
  }

  @Test
  void start_tokenFileIsADirectory_failsAsUnreadable() {
    assertThat(startFails(f.tokenMethod(dir))).hasMessageStartingWith("auth.tokenFile " + dir + ": cannot be read");
  }

  @Test
  void start_jwtFileMissing_failsNamingTheSetting() {
    Path jwt = dir.resolve("sa-token");
    assertThat(startFails(f.kubernetesMethod("k10", jwt))).hasMessage(
        "auth.kubernetes.serviceAccountTokenFile " + jwt + ": no such file");
  }

  @Test
  void start_secretIdFileEmpty_fails() {
    Path roleId = f.write("role-id", "some-role-id");
    Path secretId = f.write("secret-id", "");
    assertThat(startFails(f.appRoleMethod(roleId, secretId))).hasMessage(
        "auth.approle.secretIdFile " + secretId + " is empty");
  }

  @Test
  void start_vaultUnreachable_startsNotReadyAndKeepsTrying() {
    VaultClient dead = VaultClient.create(f.vertx, new VaultConfig(TestConfigs.deadVault(), Optional.empty(),
        Duration.ofSeconds(2), 0, new TlsConfig(Optional.empty(), Optional.empty(), false)));
    Auth auth = Auth.start(f.vertx, f.kubernetesMethod("k10", f.kubernetesRole(Duration.ofHours(1))), f.env, dead,
        f.registry, f.clock, f.scheduler, AuthFixture.NO_JITTER).await();
    try {
      AuthFixture.eventually(() -> f.scheduler.pendingCount() == 1);
      assertThat(auth.readiness().notReadyReason()).hasValueSatisfying(r -> assertThat(r)
          .startsWith("vault token: kubernetes login as role \"k10\" at auth/kubernetes failed: vault unreachable"));
      assertThat(f.scheduler.nextDelay()).contains(Duration.ofSeconds(1));
      f.runNextUntil(() -> f.metric("transit_sidecar_logins_total{method=\"kubernetes\",result=\"failure\"}") == 2);
      AuthFixture.eventually(() -> f.scheduler.pendingCount() == 1);
      assertThat(f.scheduler.nextDelay()).contains(Duration.ofSeconds(2));
    } finally {
      auth.close().await();
    }
  }

  @Test
  void start_roleRefused_reasonNamesRoleAndMount_retriesWithBackoff() {
    Path jwt = f.kubernetesRole(Duration.ofHours(1));
    f.vault.kubernetes("kubernetes").role("k10", List.of("other-sa"), List.of("kasten-io"), List.of("kasten"),
        Duration.ofHours(1));
    Auth auth = f.start(f.kubernetesMethod("k10", jwt));

    AuthFixture.eventually(() -> auth.readiness().notReadyReason().orElse("").contains("refused"));
    assertThat(auth.readiness().notReadyReason()).contains(
        "vault token: kubernetes login as role \"k10\" at auth/kubernetes refused: service account name not authorized");
    assertThat(auth.status().status().getString("last_error")).contains("role \"k10\" at auth/kubernetes refused");
    for (int failures = 1; failures <= 4; failures++) {
      AuthFixture.eventually(() -> f.scheduler.pendingCount() == 1);
      assertThat(f.scheduler.nextDelay()).contains(Duration.ofSeconds(1L << (failures - 1)));
      int expected = failures + 1;
      f.runNextUntil(() -> f.metric("transit_sidecar_logins_total{method=\"kubernetes\",result=\"failure\"}")
          == expected);
    }
    f.vault.kubernetes("kubernetes").role("k10", List.of("k10-sa"), List.of("kasten-io"), List.of("kasten"),
        Duration.ofHours(1));
    AuthFixture.eventually(() -> f.scheduler.pendingCount() == 1);
    f.runNextUntil(() -> auth.state().authenticated());
    assertThat(auth.readiness().notReadyReason()).isEmpty();
  }

  @Test
  void start_vaultSealed_notReadyUntilUnsealed() {
    f.vault.seal();
    Auth auth = f.start(f.kubernetesMethod("k10", f.kubernetesRole(Duration.ofHours(1))));
    AuthFixture.eventually(() -> auth.readiness().notReadyReason().orElse("").contains("Vault is sealed"));

    f.vault.unseal();
    AuthFixture.eventually(() -> f.scheduler.pendingCount() == 1);
    f.runNextUntil(() -> auth.state().authenticated());
  }

  @Test
  void login_jwtRotatedOnDisk_nextLoginReadsTheNewOne() {
    Path jwtFile = f.kubernetesRole(Duration.ofHours(1));
    f.write("jwt", f.secret("eyJhbGciOiJSUzI1NiJ9.not-yet-known-to-vault"));
    Auth auth = f.start(f.kubernetesMethod("k10", jwtFile));
    AuthFixture.eventually(() -> auth.readiness().notReadyReason().orElse("").contains("refused"));

    String rotated = f.secret("eyJhbGciOiJSUzI1NiJ9.rotated-projected-token");
    f.vault.kubernetes("kubernetes").serviceAccount(rotated, "k10-sa", "kasten-io");
    f.write("jwt", rotated);
    AuthFixture.eventually(() -> f.scheduler.pendingCount() == 1);
    f.runNextUntil(() -> auth.state().authenticated());
  }

  @Test
  void appRole_filesGood_authenticated() {
    Path[] files = f.appRole("1h", "24h");
    Auth auth = f.startAuthenticated(f.appRoleMethod(files[0], files[1]));

    assertThat(f.metric("transit_sidecar_logins_total{method=\"approle\",result=\"success\"}")).isEqualTo(1);
    assertThat(auth.status().status().getString("method")).isEqualTo("approle");
  }

  @Test
  void close_cancelsTimers_noFurtherVaultCalls() {
    Auth auth = f.startAuthenticated(f.kubernetesMethod("k10", f.kubernetesRole(Duration.ofHours(1))));
    auth.close().await();
    f.vault.clearRequests();

    f.scheduler.advance(Duration.ofDays(1));

    assertThat(f.vault.requests()).isEmpty();
    assertThat(f.registry.scrape()).doesNotContain("transit_sidecar_authenticated");
  }
}
