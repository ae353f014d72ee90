package dev.transitsidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.Sidecar;
import dev.transitsidecar.SidecarRuntime;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.Http.Answer;
import dev.transitsidecar.testing.TestConfigs;
import io.vertx.core.Vertx;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The guards and the fixed routes of the loopback API, over real sockets. */
class LoopbackApiTest {
  private static Vertx vertx;
  private static Sidecar sidecar;
  private static String base;

  @BeforeAll
  static void start() {
    SidecarRuntime runtime = SidecarRuntime.create();
    vertx = runtime.vertx();
    sidecar = Sidecar.start(vertx, TestConfigs.withMaxBody(TestConfigs.sidecar(TestConfigs.deadVault()), 1024),
        runtime.registry(), Map.of("VAULT_TOKEN", "hvs.loopback-api-test-token"), Clock.systemUTC()).await();
    base = "http://127.0.0.1:" + sidecar.port();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static Answer post(String path, String body) {
    return Http.send(Http.request(base, path).header("X-Vault-Request", "true")
        .POST(BodyPublishers.ofString(body)).build());
  }

  @Test
  void healthz_always_ok() {
    Answer a = Http.send(Http.request(base, "/healthz").GET().build());
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().getString("status")).isEqualTo("ok");
  }

  @Test
  void readyz_vaultUnreachable_is503WithReason() {
    Http.eventually(Duration.ofSeconds(10), () -> Http.send(Http.request(base, "/readyz").GET().build())
        .body().contains("unreachable"));
    Answer a = Http.send(Http.request(base, "/readyz").GET().build());
    assertThat(a.status()).isEqualTo(503);
    assertThat(a.json().getJsonArray("errors").getString(0)).startsWith("vault token: ")
        .contains("vault unreachable at http://127.0.0.1:");
    assertThat(a.body()).doesNotContain("loopback-api-test-token");
  }

  @Test
  void metrics_prometheusText_includesRequestAndJvmMetrics_notVertxServerDuplicates() {
    Http.send(Http.request(base, "/sidecar/v1/status").header("X-Vault-Request", "true").GET().build());
    Answer a = Http.send(Http.request(base, "/metrics").GET().build());
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body()).contains("transit_sidecar_requests_total{route=\"sidecar/status\",status=\"200\"}")
        .contains("jvm_memory_used_bytes").doesNotContain("vertx_http_server_requests_total");
  }

  @Test
  void anyRoute_nonLoopbackHost_is403() {
    String status = Http.rawStatusLine(sidecar.port(),
        "GET /v1/transit/keys/kasten HTTP/1.1\r\nHost: attacker.example\r\nX-Vault-Request: true\r\n\r\n");
    assertThat(status).isEqualTo("HTTP/1.1 403");
  }

  @Test
  void anyRoute_loopbackHostsWithPorts_passTheHostGuard() {
    for (String host : new String[] {"localhost:8200", "127.0.0.1", "[::1]:8200", "LOCALHOST"}) {
      String status = Http.rawStatusLine(sidecar.port(),
          "GET /nothing-here HTTP/1.1\r\nHost: " + host + "\r\nX-Vault-Request: true\r\n\r\n");
      assertThat(status).as(host).isEqualTo("HTTP/1.1 404");
    }
  }

  @Test
  void anyRoute_withoutVaultRequestHeader_is412() {
    Answer a = Http.send(Http.request(base, "/v1/transit/encrypt/kasten").POST(BodyPublishers.ofString("{}")).build());
    assertThat(a.status()).isEqualTo(412);
    assertThat(a.json().getJsonArray("errors")).containsExactly("missing \"X-Vault-Request\" header");
    assertThat(a.contentType()).isEqualTo("application/json");
  }

  @Test
  void anyRoute_bodyOverLimit_is413() {
    Answer a = post("/v1/transit/encrypt/kasten", "{\"plaintext\":\"" + "A".repeat(2000) + "\"}");
    assertThat(a.status()).isEqualTo(413);
    assertThat(a.json().getJsonArray("errors")).hasSize(1);
  }

  @Test
  void v1_pathNotOnAllowList_isPermissionDenied() {
    for (String path : new String[] {"/v1/secret/data/x", "/v1/sys/mounts", "/v1/transit/export/encryption-key/kasten"}) {
      Answer a = Http.send(Http.request(base, path).header("X-Vault-Request", "true").GET().build());
      assertThat(a.status()).as(path).isEqualTo(403);
      assertThat(a.json().getJsonArray("errors")).as(path).containsExactly("permission denied");
    }
  }

  @Test
  void unknownRoute_outsideV1_is404InVaultShape() {
    Answer a = Http.send(Http.request(base, "/nope").header("X-Vault-Request", "true").GET().build());
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.json().getJsonArray("errors")).isEmpty();
  }
}
