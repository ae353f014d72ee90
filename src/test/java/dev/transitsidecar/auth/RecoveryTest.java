package dev.transitsidecar.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.transitsidecar.vault.VaultRejected;
import dev.transitsidecar.vault.VaultRequest;
import dev.transitsidecar.vault.VaultResponse;
import dev.transitsidecar.vault.VaultToken;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session's 403 path: one recovery shared by concurrent requests, one retry, never a loop. */
class RecoveryTest {
  private static final String ENCRYPT_PATH = "/v1/transit/encrypt/kasten";
  private static final String LOGIN_PATH = "/v1/auth/kubernetes/login";
  private static final VaultRequest ENCRYPT = VaultRequest.post(ENCRYPT_PATH, new JsonObject().put("plaintext", "aGk="));

  @TempDir
  Path dir;
  AuthFixture f;
  Auth auth;

  @BeforeEach
  void setUp() {
    f = new AuthFixture(dir);
    auth = f.startAuthenticated(f.kubernetesMethod("k10", f.kubernetesRole(Duration.ofHours(1))));
    f.vault.clearRequests();
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private VaultToken current() {
    return auth.state().held().orElseThrow().token();
  }

  @Test
  void call_tokenRevoked_logsInOnceAndRetriesOnce() {
    VaultToken revoked = current();
    f.vault.revokeToken(revoked.revealForHeader());

    JsonObject answer = auth.session().call("encrypt", ENCRYPT).await();

    assertThat(answer.getJsonObject("data").getString("ciphertext")).startsWith("vault:v1:");
    assertThat(f.requestsTo(ENCRYPT_PATH)).isEqualTo(2);
    assertThat(f.requestsTo(LOGIN_PATH)).isEqualTo(1);
    assertThat(current().sameAs(revoked)).isFalse();
    assertThat(f.metric("transit_sidecar_logins_total{method=\"kubernetes\",result=\"success\"}")).isEqualTo(2);
  }

  @Test
  void send_concurrent403s_shareOneLogin() {
    f.vault.revokeToken(current().revealForHeader());

    List<Future<VaultResponse>> answers = IntStream.range(0, 20).mapToObj(i -> auth.session().send(ENCRYPT)).toList();
    Future.all(answers).await();

    assertThat(answers).allSatisfy(a -> assertThat(a.result().status()).isEqualTo(200));
    assertThat(f.requestsTo(LOGIN_PATH)).isEqualTo(1);
    // Each request is sent at most twice: once with the revoked token and, if that came back 403, once more with
    // the new one. How many left before the login finished depends on scheduling, so the count is a range.
    assertThat(f.requestsTo(ENCRYPT_PATH)).isBetween(21L, 40L);
  }

  @Test
  void send_onVertxContext_retryAnswersOnCallersContext() {
    f.vault.revokeToken(current().revealForHeader());
    io.vertx.core.Context caller = f.vertx.getOrCreateContext();
    Future<Boolean> sameContext = Future.future(p -> caller.runOnContext(v -> auth.session().send(ENCRYPT)
        .map(r -> io.vertx.core.Vertx.currentContext() == caller)
        .onComplete(p)));
    assertThat(sameContext.await()).isTrue();
  }

  @Test
  void call_loginRefusedAfterRevocation_403PassesThroughWithoutLoop() {
    f.vault.revokeToken(current().revealForHeader());
    f.vault.kubernetes("kubernetes").role("k10", List.of("someone-else"), List.of("kasten-io"), List.of("kasten"),
        Duration.ofHours(1));

    VaultRejected refused = catchThrowableOfType(VaultRejected.class, () -> auth.session().call("encrypt", ENCRYPT).await());

    assertThat(refused.status()).isEqualTo(403);
    assertThat(f.requestsTo(ENCRYPT_PATH)).isEqualTo(1);
    assertThat(f.requestsTo(LOGIN_PATH)).isEqualTo(1);
    assertThat(auth.state().authenticated()).isFalse();
    assertThat(auth.readiness().notReadyReason()).isPresent();
    assertThat(f.scheduler.nextDelay()).contains(Duration.ofSeconds(1));
  }

  @Test
  void send_policyDenied_passesThroughWithoutLogin() {
    VaultRequest forbidden = VaultRequest.post("/v1/transit/decrypt/kasten", new JsonObject().put("ciphertext", "x"));

    VaultResponse answer = auth.session().send(forbidden).await();

    assertThat(answer.status()).isEqualTo(403);
    assertThat(f.requestsTo("/v1/transit/decrypt/kasten")).isEqualTo(1);
    assertThat(f.requestsTo("/v1/auth/token/lookup-self")).isEqualTo(1);
    assertThat(f.requestsTo(LOGIN_PATH)).isZero();
    assertThat(auth.state().authenticated()).isTrue();
  }

  @Test
  void renew_tokenRevoked_logsInAgainAtOnce() {
    f.vault.revokeToken(current().revealForHeader());

    f.runNextUntil(() -> f.metric("transit_sidecar_logins_total{method=\"kubernetes\",result=\"success\"}") == 2);

    assertThat(f.metric("transit_sidecar_token_renewals_total{result=\"failure\"}")).isEqualTo(1);
    assertThat(f.requestsTo(LOGIN_PATH)).isEqualTo(1);
    assertThat(auth.session().call("encrypt", ENCRYPT).await().containsKey("data")).isTrue();
    assertThat(f.logs.anyContains("token renewal refused (permission denied; invalid token)")).isTrue();
  }
}
