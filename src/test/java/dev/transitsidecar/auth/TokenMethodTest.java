package dev.transitsidecar.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.transitsidecar.devvault.TokenSpec;
import dev.transitsidecar.vault.VaultRejected;
import dev.transitsidecar.vault.VaultRequest;
import dev.transitsidecar.vault.VaultToken;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auth.method: token}: the file, VAULT_TOKEN, the file watch, renewal, and what is reported. */
class TokenMethodTest {
  private static final String ENCRYPT_PATH = "/v1/transit/encrypt/kasten";
  private static final VaultRequest ENCRYPT = VaultRequest.post(ENCRYPT_PATH, new JsonObject().put("plaintext", "aGk="));

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

  private String kastenToken(Duration ttl) {
    return f.token(TokenSpec.of("kasten").withTtl(ttl));
  }

  private static boolean holds(Auth auth, String token) {
    return auth.state().held().map(h -> h.token().sameAs(VaultToken.of(token))).orElse(false);
  }

  @Test
  void tokenFile_valid_authenticatedAfterLookupSelf() {
    String token = kastenToken(Duration.ofHours(1));
    Auth auth = f.startAuthenticated(f.tokenMethod(f.write("vault_token", token + "\n")));

    assertThat(holds(auth, token)).isTrue();
    assertThat(auth.readiness().notReadyReason()).isEmpty();
    assertThat(f.requestsTo("/v1/auth/token/lookup-self")).isEqualTo(1);
    assertThat(f.metric("transit_sidecar_logins_total{method=\"token\",result=\"success\"}")).isEqualTo(1);
  }

  @Test
  void tokenFile_missing_fallsBackToVaultTokenEnv() {
    String token = kastenToken(Duration.ofHours(1));
    f.env.put("VAULT_TOKEN", token);
    Auth auth = f.startAuthenticated(f.tokenMethod(dir.resolve("absent")));

    assertThat(holds(auth, token)).isTrue();
  }

  @Test
  void tokenFile_swappedOnDisk_newTokenCheckedAndAdopted() {
    String first = kastenToken(Duration.ofHours(1));
    Path file = f.write("vault_token", first);
    Auth auth = f.startAuthenticated(f.tokenMethod(file));
    String second = kastenToken(Duration.ofHours(1));
    f.write("vault_token", second);

    f.scheduler.advance(TokenFileWatch.INTERVAL);
    AuthFixture.eventually(() -> holds(auth, second));

    f.vault.revokeToken(first);
    f.vault.clearRequests();
    assertThat(auth.session().call("encrypt", ENCRYPT).await().containsKey("data")).isTrue();
    assertThat(f.requestsTo(ENCRYPT_PATH)).isEqualTo(1);
    assertThat(f.logs.anyContains("the token file " + file + " changed")).isTrue();
  }

  @Test
  void tokenFile_swappedToRefusedToken_keepsCurrentAndWarns() {
    String first = kastenToken(Duration.ofHours(1));
    Path file = f.write("vault_token", first);
    Auth auth = f.startAuthenticated(f.tokenMethod(file));
    f.write("vault_token", f.secret("hvs.not-a-token-vault-knows"));

    f.scheduler.advance(TokenFileWatch.INTERVAL);
    AuthFixture.eventually(() -> f.logs.anyContains("the new token in " + file + " refused"));

    assertThat(holds(auth, first)).isTrue();
    assertThat(f.metric("transit_sidecar_authenticated")).isEqualTo(1);
  }

  @Test
  void call_tokenRevokedAndFileRewritten_rereadsFileAndRetriesOnce() {
    String first = kastenToken(Duration.ofHours(1));
    Path file = f.write("vault_token", first);
    Auth auth = f.startAuthenticated(f.tokenMethod(file));
    String second = kastenToken(Duration.ofHours(1));
    f.write("vault_token", second);
    f.vault.revokeToken(first);
    f.vault.clearRequests();

    assertThat(auth.session().call("encrypt", ENCRYPT).await().containsKey("data")).isTrue();

    assertThat(holds(auth, second)).isTrue();
    assertThat(f.requestsTo(ENCRYPT_PATH)).isEqualTo(2);
  }

  @Test
  void call_tokenRevokedAndFileUnchanged_markedInvalidAnd403PassesThrough() {
    String first = kastenToken(Duration.ofHours(1));
    Path file = f.write("vault_token", first);
    Auth auth = f.startAuthenticated(f.tokenMethod(file));
    f.vault.revokeToken(first);
    f.vault.clearRequests();

    VaultRejected refused = catchThrowableOfType(VaultRejected.class, () -> auth.session().call("encrypt", ENCRYPT).await());

    assertThat(refused.status()).isEqualTo(403);
    assertThat(f.requestsTo(ENCRYPT_PATH)).isEqualTo(1);
    assertThat(auth.state().authenticated()).isFalse();
    assertThat(auth.readiness().notReadyReason()).hasValueSatisfying(r -> assertThat(r)
        .contains("was refused by Vault and the file has not changed").contains(file.toString()));
    assertThat(catchThrowableOfType(NotAuthenticated.class, () -> auth.session().send(ENCRYPT).await()))
        .hasMessageContaining("not authenticated to Vault");
  }

  @Test
  void renewal_tokenMethod_renewsAcrossCycles() {
    String token = kastenToken(Duration.ofMinutes(30));
    Auth auth = f.startAuthenticated(f.tokenMethod(f.write("vault_token", token)));
    for (int cycle = 1; cycle <= 5; cycle++) {
      int expected = cycle;
      f.scheduler.advance(Duration.ofMinutes(21));
      AuthFixture.eventually(() -> f.metric("transit_sidecar_token_renewals_total{result=\"success\"}") == expected);
    }
    assertThat(holds(auth, token)).isTrue();
    assertThat(auth.state().held().orElseThrow().remaining(f.clock)).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void notRenewable_tokenMethod_reportedThenLapsesAndRecoversFromFile() {
    String token = f.token(TokenSpec.of("kasten").withTtl(Duration.ofMinutes(10)).withRenewable(false));
    Path file = f.write("vault_token", token);
    Auth auth = f.startAuthenticated(f.tokenMethod(file));
    assertThat(f.logs.anyContains("the token cannot be extended (it is not renewable)")).isTrue();

    f.scheduler.advance(Duration.ofMinutes(10));
    AuthFixture.eventually(() -> !auth.state().authenticated());
    assertThat(auth.readiness().notReadyReason()).hasValueSatisfying(r -> assertThat(r).contains("expired"));
    assertThat(f.metric("transit_sidecar_authenticated")).isZero();

    String next = kastenToken(Duration.ofHours(1));
    f.write("vault_token", next);
    AuthFixture.eventually(() -> {
      f.scheduler.advance(TokenFileWatch.INTERVAL);
      return holds(auth, next);
    });
  }

  @Test
  void rootToken_neverExpires_nothingToRenew() {
    Auth auth = f.startAuthenticated(f.tokenMethod(f.write("vault_token", f.vault.rootToken())));
    f.scheduler.advance(Duration.ofDays(30));
    assertThat(auth.state().authenticated()).isTrue();
    assertThat(auth.status().status().getLong("ttl_seconds")).isZero();
    assertThat(auth.status().status().getValue("expire_time")).isNull();
  }
}
