package dev.transitsidecar.seen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.reliability.RunningSidecar;
import dev.transitsidecar.testing.Http;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running sidecar shows the versions it decrypted on its health port, where a {@code rotate} in another pod and
 * Prometheus reach it: the master key's unwrap counts, and so does a decrypt through the proxy.
 */
class HealthPortSeenVersionsTest {
  @TempDir
  Path dir;

  @Test
  void healthPort_showsTheMasterKeysVersionAndEachDecryptedVersion_asJsonAndAsAGauge() {
    try (RunningSidecar sidecar = RunningSidecar.withMasterKey(dir, new byte[32], listen -> listen)) {
      String health = "http://127.0.0.1:" + sidecar.healthPort;
      Http.eventually(java.time.Duration.ofSeconds(10), () -> seen(health).containsKey("transit"));
      assertThat(seen(health).getJsonObject("transit").getJsonObject("kasten").fieldNames()).containsExactly("1");

      assertThat(Http.send(Http.request(sidecar.engine.address(), "/v1/transit/keys/kasten/rotate")
          .header("X-Vault-Token", sidecar.engine.rootToken()).POST(HttpRequest.BodyPublishers.ofString("{}"))
          .build()).status()).isIn(200, 204);
      String v2 = new JsonObject(post(sidecar, "/v1/transit/encrypt/kasten", "{\"plaintext\":\"aGk=\"}"))
          .getJsonObject("data").getString("ciphertext");
      post(sidecar, "/v1/transit/decrypt/kasten", "{\"ciphertext\":\"" + v2 + "\"}");

      assertThat(seen(health).getJsonObject("transit").getJsonObject("kasten").fieldNames())
          .containsExactlyInAnyOrder("1", "2");
      String metrics = Http.send(Http.request(health, "/metrics").GET().build()).body();
      assertThat(metrics).contains(
          "transit_sidecar_cache_seen_version_timestamp_seconds{key=\"kasten\",mount=\"transit\",version=\"1\"}",
          "transit_sidecar_cache_seen_version_timestamp_seconds{key=\"kasten\",mount=\"transit\",version=\"2\"}");
      assertThat(metrics).doesNotContain(v2);
    }
  }

  private static JsonObject seen(String health) {
    Http.Answer answer = Http.send(Http.request(health, "/seen-versions").GET().build());
    assertThat(answer.status()).isEqualTo(200);
    return answer.json().getJsonObject("seen_versions");
  }

  private static String post(RunningSidecar sidecar, String path, String body) {
    Http.Answer answer = Http.send(Http.request(sidecar.base(), path).header("X-Vault-Request", "true")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    assertThat(answer.status()).as(path).isEqualTo(200);
    return answer.body();
  }
}
