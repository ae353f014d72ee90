package dev.transitsidecar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.config.AppRoleAuthConfig;
import dev.transitsidecar.config.AuthConfig;
import dev.transitsidecar.config.AuthMethod;
import dev.transitsidecar.config.ListenConfig;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.devvault.SeenRequest;
import dev.transitsidecar.proxy.AllowList;
import dev.transitsidecar.proxy.PolicyHcl;
import dev.transitsidecar.testing.EngineAppRole;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.Http.Answer;
import dev.transitsidecar.testing.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole process as {@code run} wires it (AppRole login, the proxy, the probe listener) against the embedded
 * engine over real sockets: what an application and the kubelet see.
 */
class SidecarTest {
  private static final String ROLE = "sidecar";

  @TempDir
  Path dir;

  private Vertx vertx;
  private DevVault engine;
  private Sidecar sidecar;
  private String base;
  private int healthPort;

  @BeforeEach
  void start() throws IOException {
    SidecarRuntime runtime = SidecarRuntime.create();
    vertx = runtime.vertx();
    engine = DevVault.start(Vertx.vertx(), DevVaultOptions.defaults().withTransitKeys(List.of("kasten"))).await();
    SidecarConfig base0 = TestConfigs.sidecar(URI.create(engine.address()));
    engine.putPolicy("transit-sidecar", PolicyHcl.generate(AllowList.of(base0.transit())));
    healthPort = URI.create(TestConfigs.deadVault().toString()).getPort();
    AppRoleAuthConfig appRole = EngineAppRole.enable(engine, dir, ROLE, "transit-sidecar");
    SidecarConfig config = withAppRoleAndHealthPort(base0, appRole, healthPort);
    sidecar = Sidecar.start(vertx, config, runtime.registry(), Map.of(), Clock.systemUTC()).await();
    base = "http://127.0.0.1:" + sidecar.port();
    Http.eventually(Duration.ofSeconds(10), () -> get("/readyz").status() == 200);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
    engine.close().await();
  }

  @Test
  void proxy_vaultSaysTokenInvalid_logsInOnceAndRetriesTheRequestOnce() {
    assertThat(encrypt().status()).isEqualTo(200);
    engine.clearRequests();
    engine.faults().failNext(1, 403, "2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n");

    Answer answer = encrypt();

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().getJsonObject("data").getString("ciphertext")).startsWith("vault:v1:");
    List<String> seen = engine.requests().stream().map(SeenRequest::path).toList();
    // The refused request, one login (and its lookup-self, as after every login), and one retry of the request.
    assertThat(seen).containsExactly("/v1/transit/encrypt/kasten", "/v1/auth/approle/login",
        "/v1/auth/token/lookup-self", "/v1/transit/encrypt/kasten");
  }

  @Test
  void status_showsTheLoginAndVaultHealth_neverTheToken() {
    JsonObject status = Http.send(Http.request(base, "/sidecar/v1/status").header("X-Vault-Request", "true")
        .GET().build()).json();
    assertThat(status.getJsonObject("auth").getString("method")).isEqualTo("approle");
    assertThat(status.getJsonObject("auth").getBoolean("authenticated")).isTrue();
    assertThat(status.getJsonObject("vault").getString("address")).isEqualTo(engine.address());
    assertThat(status.encode()).doesNotContain("hvs.");
  }

  @Test
  void decrypt_repeated_answeredFromTheCacheAndShownInStatus() {
    String ciphertext = encrypt().json().getJsonObject("data").getString("ciphertext");
    engine.clearRequests();
    for (int i = 0; i < 3; i++) {
      Answer answer = Http.send(Http.request(base, "/v1/transit/decrypt/kasten").header("X-Vault-Request", "true")
          .POST(BodyPublishers.ofString(new JsonObject().put("ciphertext", ciphertext).encode())).build());
      assertThat(answer.json().getJsonObject("data").getString("plaintext")).isEqualTo("aGVsbG8=");
    }
    assertThat(engine.requests().stream().filter(r -> r.path().contains("/decrypt/")).count()).isEqualTo(1);
    JsonObject status = Http.send(Http.request(base, "/sidecar/v1/status").header("X-Vault-Request", "true")
        .GET().build()).json();
    assertThat(status.getJsonObject("cache").getLong("hits")).isEqualTo(2);
    assertThat(status.getJsonObject("memory").getInteger("slots")).isEqualTo(1);
    assertThat(status.encode()).doesNotContain("aGVsbG8=");
  }

  @Test
  void healthPort_servesTheProbesToAnyHost_andNothingElse() {
    String health = "http://127.0.0.1:" + healthPort;
    assertThat(Http.rawStatusLine(healthPort, "GET /readyz HTTP/1.1\r\nHost: 10.1.2.3:8299\r\n\r\n"))
        .isEqualTo("HTTP/1.1 200");
    assertThat(Http.send(Http.request(health, "/healthz").GET().build()).status()).isEqualTo(200);
    assertThat(Http.send(Http.request(health, "/metrics").GET().build()).body()).contains("transit_sidecar_authenticated");
    Answer proxied = Http.send(Http.request(health, "/v1/transit/encrypt/kasten").header("X-Vault-Request", "true")
        .POST(BodyPublishers.ofString("{\"plaintext\":\"aGk=\"}")).build());
    assertThat(proxied.status()).isEqualTo(404);
    assertThat(engine.requests()).noneMatch(r -> r.path().contains("encrypt"));
  }

  private Answer encrypt() {
    return Http.send(Http.request(base, "/v1/transit/encrypt/kasten").header("X-Vault-Request", "true")
        .POST(BodyPublishers.ofString("{\"plaintext\":\"aGVsbG8=\"}")).build());
  }

  private Answer get(String path) {
    return Http.send(Http.request(base, path).GET().build());
  }

  private static SidecarConfig withAppRoleAndHealthPort(SidecarConfig c, AppRoleAuthConfig appRole, int healthPort) {
    ListenConfig l = c.listen();
    AuthConfig a = c.auth();
    return new SidecarConfig(
        new ListenConfig(l.address(), l.port(), l.unixSocket(), l.requireRequestHeader(), l.maxBodyBytes(),
            l.clientTokenFile(), healthPort),
        c.vault(), new AuthConfig(AuthMethod.APPROLE, a.tokenFile(), a.kubernetes(), appRole),
        c.transit(), c.cache(), c.keystore(), c.rotation(), c.proxy(), c.webhook(), c.log());
  }
}
