package dev.transitsidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.Http.Answer;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The decrypt route with the cache in front: Vault's exact answer from a hit, for curl and for a stock client. */
class DecryptCacheRouteTest {
  private static final String MASTER = "bWFzdGVyLWtleS0zMi1ieXRlcy0wMTIzNDU2Nzg5YWI=";
  private static final String DECRYPT = "/v1/transit/decrypt/kasten";
  private ProxyFixture proxy;
  private ListAppender<ILoggingEvent> logs;
  private String ciphertext;

  @BeforeEach
  void start() {
    logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    proxy = ProxyFixture.withClientToken();
    ciphertext = encrypt(MASTER);
  }

  @AfterEach
  void stop() {
    proxy.close();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
  }

  private String encrypt(String plaintext) {
    Answer a = Http.send(proxy.request("/v1/transit/encrypt/kasten")
        .header("X-Vault-Token", ProxyFixture.CLIENT_TOKEN)
        .POST(BodyPublishers.ofString(new JsonObject().put("plaintext", plaintext).encode())).build());
    return a.json().getJsonObject("data").getString("ciphertext");
  }

  private HttpResponse<String> decryptThroughSidecar() {
    return proxy.exchange(proxy.request(DECRYPT).header("X-Vault-Token", ProxyFixture.CLIENT_TOKEN)
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(new JsonObject().put("ciphertext", ciphertext).encode())).build());
  }

  private long engineDecrypts() {
    return proxy.seen().stream().filter(r -> r.path().contains("/decrypt/")).count();
  }

  private static String withoutRequestId(String body) {
    return body.replaceFirst("\"request_id\":\"[0-9a-f-]{36}\"", "\"request_id\":\"-\"");
  }

  @Test
  void hit_answerIsVaultsByteForByte() {
    decryptThroughSidecar();
    HttpResponse<String> hit = decryptThroughSidecar();
    assertThat(engineDecrypts()).isEqualTo(1);
    Answer direct = Http.send(Http.request(proxy.engine.address(), DECRYPT).header("X-Vault-Token",
        proxy.engine.rootToken()).POST(BodyPublishers.ofString(new JsonObject().put("ciphertext", ciphertext)
        .encode())).build());
    assertThat(hit.statusCode()).isEqualTo(200);
    assertThat(withoutRequestId(hit.body())).isEqualTo(withoutRequestId(direct.body()));
    assertThat(hit.body()).isNotEqualTo(direct.body());
    assertThat(hit.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(hit.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void stockClient_decryptsThroughAHit() throws VaultException {
    Vault vault = Vault.create(new VaultConfig().address(proxy.base).token(ProxyFixture.CLIENT_TOKEN)
        .engineVersion(1).openTimeout(5).readTimeout(10).build());
    for (int i = 0; i < 3; i++) {
      assertThat(vault.logical().write("transit/decrypt/kasten", Map.of("ciphertext", ciphertext)).getData()
          .get("plaintext")).isEqualTo(MASTER);
    }
    assertThat(engineDecrypts()).isEqualTo(1);
  }

  @Test
  void metrics_renderedNames() {
    decryptThroughSidecar();
    decryptThroughSidecar();
    proxy.scheduler.advance(proxy.config.cache().ttl().plus(proxy.config.cache().staleIfError()));
    // the entry was used, so its refresh point fetched it again: the new entry replaced it (or came after it expired)
    String refreshed = "transit_sidecar_cache_refreshes_total{kind=\"decrypt\",result=\"ok\"} 1.0";
    Http.eventually(Duration.ofSeconds(10), () -> proxy.get("/metrics").body().contains(refreshed));
    String metrics = proxy.get("/metrics").body();
    assertThat(metrics).contains("transit_sidecar_cache_hits_total 1.0", "transit_sidecar_cache_misses_total 1.0",
        "transit_sidecar_cache_stale_total 0.0", "transit_sidecar_cache_entries 1.0",
        "transit_sidecar_cache_evictions_total{reason=\"expired\"} 1.0",
        "transit_sidecar_cache_evictions_total{reason=\"evicted\"} 0.0",
        "transit_sidecar_cache_evictions_total{reason=\"policy\"} 0.0");
  }

  @Test
  void status_cacheSectionWithSeenVersions() {
    decryptThroughSidecar();
    JsonObject cache = proxy.get("/sidecar/v1/status").json().getJsonObject("cache");
    assertThat(cache.getInteger("entries")).isEqualTo(1);
    assertThat(cache.getLong("misses")).isEqualTo(1);
    assertThat(cache.getJsonObject("seen_versions").getJsonObject("transit").getJsonObject("kasten").fieldNames()).containsExactly("1");
    assertThat(cache.encode()).doesNotContain(MASTER).doesNotContain(ciphertext);
  }

  @Test
  void logs_neverCarryPlaintextOrCiphertext() {
    decryptThroughSidecar();
    decryptThroughSidecar();
    proxy.engine.faults().failNext(1, 503, "sealed");
    proxy.scheduler.advance(proxy.config.cache().ttl());
    decryptThroughSidecar();
    proxy.scheduler.advance(proxy.config.cache().policyCheckInterval());
    assertThat(logs.list).allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(MASTER)
        .doesNotContain(ciphertext.substring("vault:v1:".length())));
  }
}
