package dev.transitsidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.Http.Answer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Vault routes answered by the sidecar itself; none of them reaches the engine or shows its token. */
class LocalRoutesTest {
  private static ProxyFixture proxy;

  @BeforeAll
  static void start() {
    proxy = ProxyFixture.withClientToken();
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  @BeforeEach
  void reset() {
    proxy.forgetSeen();
    proxy.notReady.set(null);
  }

  private static Answer withToken(String method, String path) {
    return Http.send(proxy.request(path).header("X-Vault-Token", ProxyFixture.CLIENT_TOKEN)
        .method(method, BodyPublishers.ofString("{}")).build());
  }

  @Test
  void sysHealth_ready_is200ActiveUnsealed() {
    Answer a = proxy.get("/v1/sys/health");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().getBoolean("initialized")).isTrue();
    assertThat(a.json().getBoolean("sealed")).isFalse();
    assertThat(a.json().getBoolean("standby")).isFalse();
    assertThat(proxy.seen()).isEmpty();
  }

  @Test
  void sysHealth_notReady_is503OrTheRequestedCode() {
    proxy.notReady.set("vault unreachable");
    assertThat(proxy.get("/v1/sys/health").status()).isEqualTo(503);
    assertThat(proxy.get("/v1/sys/health").json().getBoolean("sealed")).isTrue();
    assertThat(proxy.get("/v1/sys/health?sealedcode=299&uninitcode=299").status()).isEqualTo(299);
    assertThat(proxy.get("/v1/sys/health?sealedcode=abc").status()).isEqualTo(400);
  }

  @Test
  void lookupSelf_answersThePodLocalToken() {
    Answer a = withToken("GET", "/v1/auth/token/lookup-self");
    assertThat(a.status()).isEqualTo(200);
    JsonObject data = a.json().getJsonObject("data");
    assertThat(data.getString("id")).isEqualTo(ProxyFixture.CLIENT_TOKEN);
    assertThat(data.getBoolean("renewable")).isTrue();
    assertThat(data.getJsonArray("policies")).containsExactly("transit-sidecar");
    assertThat(data.getLong("ttl")).isEqualTo(LocalToken.TTL.toSeconds());
    assertThat(a.body()).doesNotContain(proxy.sidecarToken);
    assertThat(proxy.seen()).isEmpty();
  }

  @Test
  void renewSelf_resetsTheTtlThatCountsDown() {
    withToken("POST", "/v1/auth/token/renew-self");
    proxy.clock.advance(Duration.ofHours(1));
    long before = withToken("GET", "/v1/auth/token/lookup-self").json().getJsonObject("data").getLong("ttl");
    assertThat(before).isEqualTo(LocalToken.TTL.minusHours(1).toSeconds());
    Answer renew = withToken("POST", "/v1/auth/token/renew-self");
    assertThat(renew.status()).isEqualTo(200);
    JsonObject auth = renew.json().getJsonObject("auth");
    assertThat(auth.getString("client_token")).isEqualTo(ProxyFixture.CLIENT_TOKEN);
    assertThat(auth.getBoolean("renewable")).isTrue();
    assertThat(auth.getLong("lease_duration")).isEqualTo(LocalToken.TTL.toSeconds());
    long after = withToken("GET", "/v1/auth/token/lookup-self").json().getJsonObject("data").getLong("ttl");
    assertThat(after).isEqualTo(LocalToken.TTL.toSeconds());
  }

  @Test
  void lookupAndRenew_wrongClientToken_are403() {
    for (String[] call : new String[][] {{"GET", "/v1/auth/token/lookup-self"}, {"POST", "/v1/auth/token/renew-self"}}) {
      Answer a = Http.send(proxy.request(call[1]).header("X-Vault-Token", "guess")
          .method(call[0], BodyPublishers.ofString("{}")).build());
      assertThat(a.status()).as(call[1]).isEqualTo(403);
    }
  }

  @Test
  void kubernetesLogin_answersAnAuthBlockWithThePodLocalToken() {
    Answer a = proxy.post("/v1/auth/kubernetes/login",
        new JsonObject().put("role", "k10").put("jwt", ProxyFixture.POD_JWT));
    assertThat(a.status()).isEqualTo(200);
    JsonObject auth = a.json().getJsonObject("auth");
    assertThat(auth.getString("client_token")).isEqualTo(ProxyFixture.CLIENT_TOKEN);
    assertThat(auth.getJsonArray("policies")).containsExactly("transit-sidecar");
    assertThat(auth.getJsonObject("metadata").getString("role")).isEqualTo("k10");
    assertThat(a.body()).doesNotContain(proxy.sidecarToken).doesNotContain(ProxyFixture.POD_JWT);
    assertThat(proxy.seen()).isEmpty();
  }

  @Test
  void kubernetesLogin_jwtThatIsNotThePodsServiceAccountToken_isPermissionDenied() {
    for (String jwt : new String[] {"eyJhbGciOi.x.y", ProxyFixture.POD_JWT + "x", ProxyFixture.POD_JWT.substring(1)}) {
      Answer a = proxy.post("/v1/auth/kubernetes/login", new JsonObject().put("role", "k10").put("jwt", jwt));
      assertThat(a.status()).isEqualTo(403);
      assertThat(a.json().getJsonArray("errors")).containsExactly("permission denied");
      assertThat(a.body()).doesNotContain(ProxyFixture.CLIENT_TOKEN);
    }
  }

  @Test
  void kubernetesLogin_missingFieldsOrBadJson_are400() {
    assertThat(proxy.post("/v1/auth/kubernetes/login", "{\"jwt\":\"x\"}").json().getJsonArray("errors"))
        .containsExactly("missing role");
    assertThat(proxy.post("/v1/auth/kubernetes/login", "{\"role\":\"r\"}").json().getJsonArray("errors"))
        .containsExactly("missing jwt");
    Answer bad = proxy.post("/v1/auth/kubernetes/login", "{\"role\":");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().getJsonArray("errors")).containsExactly("failed to parse JSON input");
  }

  @Test
  void otherAuthMounts_areRefused() {
    assertThat(proxy.post("/v1/auth/approle/login", "{\"role_id\":\"a\",\"secret_id\":\"b\"}").status())
        .isEqualTo(403);
    assertThat(proxy.seen()).isEmpty();
  }
}
