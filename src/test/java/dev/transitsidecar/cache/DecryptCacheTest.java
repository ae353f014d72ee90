package dev.transitsidecar.cache;

import static dev.transitsidecar.cache.CacheFixture.b64;
import static dev.transitsidecar.cache.CacheFixture.plaintextOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transitsidecar.testing.Http;
import dev.transitsidecar.vault.VaultRequest;
import dev.transitsidecar.vault.VaultResponse;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.atomic.AtomicReference;
import dev.transitsidecar.vault.VaultUnavailable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DecryptCacheTest {
  private static final Duration POLICY_INTERVAL = Duration.ofSeconds(60);
  private static final byte[] MASTER = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private CacheFixture f;
  private String ciphertext;

  @BeforeEach
  void start() {
    f = CacheFixture.start();
    ciphertext = f.encrypt(MASTER);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void decrypt_repeated_oneEngineCallAndTheSameAnswer() {
    assertThat(plaintextOf(f.decrypt(ciphertext))).isEqualTo(b64(MASTER));
    assertThat(plaintextOf(f.decrypt(ciphertext))).isEqualTo(b64(MASTER));
    assertThat(plaintextOf(f.decrypt(ciphertext))).isEqualTo(b64(MASTER));
    assertThat(f.engineDecrypts()).isEqualTo(1);
    assertThat(f.counter("transit_sidecar_cache_hits")).isEqualTo(2);
    assertThat(f.counter("transit_sidecar_cache_misses")).isEqualTo(1);
    assertThat(f.entries()).isEqualTo(1);
    assertThat(f.memory.slots()).isEqualTo(1);
  }

  @Test
  void decrypt_miss_vaultsResponseBufferZeroedAndAnswerFromSlab() {
    AtomicReference<VaultResponse> fromVault = new AtomicReference<>();
    JsonObject body = CacheFixture.decryptBody(ciphertext);
    VaultResponse answer = f.cache.decrypt("kasten", body.toBuffer(), () -> f.session.send(
        VaultRequest.post("/v1/transit/decrypt/kasten", body)).onSuccess(fromVault::set)).await();
    Buffer vaults = fromVault.get().body();
    assertThat(vaults.length()).isGreaterThan(50);
    assertThat(vaults.getBytes()).containsOnly((byte) 0);
    assertThat(answer.body()).isNotSameAs(vaults);
    assertThat(plaintextOf(answer)).isEqualTo(b64(MASTER));
  }

  @Test
  void decrypt_unusedUntilTtl_notRefreshed_nextRequestWaitsForEngine() {
    f.decrypt(ciphertext);
    f.scheduler.advance(CacheFixture.TTL.minusSeconds(1));
    assertThat(f.engineDecrypts()).isEqualTo(1);
    assertThat(f.counter("transit_sidecar_cache_refreshes", "kind", "decrypt", "result", "skipped")).isEqualTo(1);
    f.scheduler.advance(Duration.ofSeconds(1));
    assertThat(plaintextOf(f.decrypt(ciphertext))).isEqualTo(b64(MASTER));
    assertThat(f.engineDecrypts()).isEqualTo(2);
    assertThat(f.counter("transit_sidecar_cache_waits", "kind", "decrypt")).isEqualTo(1);
  }

  @Test
  void entry_afterTtlPlusStaleIfError_wipedBySweep() {
    f.decrypt(ciphertext);
    f.scheduler.advance(CacheFixture.TTL.plus(CacheFixture.STALE));
    assertThat(f.entries()).isZero();
    assertThat(f.memory.slots()).isZero();
    assertThat(f.counter("transit_sidecar_cache_evictions", "reason", "expired")).isEqualTo(1);
  }

  @Test
  void decrypt_pastTtlEngineAnswers503_servesStale() {
    f.decrypt(ciphertext);
    f.scheduler.advance(CacheFixture.TTL.plusMinutes(1));
    f.engine.faults().failNext(1, 503, "Vault is sealed");
    VaultResponse answer = f.decrypt(ciphertext);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(plaintextOf(answer)).isEqualTo(b64(MASTER));
    assertThat(f.counter("transit_sidecar_cache_stale")).isEqualTo(1);
  }

  @Test
  void decrypt_pastTtlEngineUnreachable_servesStale() {
    f.decrypt(ciphertext);
    f.scheduler.advance(CacheFixture.TTL.plus(CacheFixture.STALE).minusSeconds(1));
    f.engine.faults().dropNext(1);
    assertThat(plaintextOf(f.decrypt(ciphertext))).isEqualTo(b64(MASTER));
    f.session.forget();
    assertThat(plaintextOf(f.decrypt(ciphertext))).isEqualTo(b64(MASTER));
    assertThat(f.counter("transit_sidecar_cache_stale")).isEqualTo(2);
  }

  @Test
  void decrypt_pastTtlPlusStaleIfError_failsAsTheEngineDoes() {
    f.decrypt(ciphertext);
    f.scheduler.advance(CacheFixture.TTL.plus(CacheFixture.STALE));
    f.engine.faults().failNext(1, 503, "Vault is sealed");
    assertThat(f.decrypt(ciphertext).status()).isEqualTo(503);
    f.engine.faults().dropNext(1);
    assertThatThrownBy(() -> f.decrypt(ciphertext)).isInstanceOf(VaultUnavailable.class);
  }

  @Test
  void decrypt_freshEntryWhileEngineDown_hitWithoutEngine() {
    f.decrypt(ciphertext);
    f.engine.faults().failNext(5, 503, "Vault is sealed");
    assertThat(plaintextOf(f.decrypt(ciphertext))).isEqualTo(b64(MASTER));
    assertThat(f.counter("transit_sidecar_cache_stale")).isZero();
  }

  @Test
  void decrypt_engineRefuses_notCachedAndPassedThrough() {
    String bad = "vault:v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    assertThat(f.decrypt(bad).status()).isEqualTo(400);
    assertThat(f.decrypt(bad).status()).isEqualTo(400);
    assertThat(f.engineDecrypts()).isEqualTo(2);
    assertThat(f.entries()).isZero();
  }

  @Test
  void decrypt_plaintextOverMaxPlaintextBytes_notCached() {
    byte[] big = new byte[65];
    String ct = f.encrypt(big);
    assertThat(plaintextOf(f.decrypt(ct))).isEqualTo(b64(big));
    assertThat(plaintextOf(f.decrypt(ct))).isEqualTo(b64(big));
    assertThat(f.engineDecrypts()).isEqualTo(2);
    assertThat(f.memory.slots()).isZero();
  }

  @Test
  void decrypt_batch_notCachedButVersionsSeen() {
    JsonObject batch = new JsonObject().put("batch_input", new JsonArray()
        .add(new JsonObject().put("ciphertext", ciphertext)).add(new JsonObject().put("ciphertext", ciphertext)));
    assertThat(f.decryptAsync(batch).await().status()).isEqualTo(200);
    assertThat(f.decryptAsync(batch).await().status()).isEqualTo(200);
    assertThat(f.engineDecrypts()).isEqualTo(2);
    assertThat(f.entries()).isZero();
    assertThat(f.cache.seenVersions()).containsKey("kasten");
    assertThat(f.cache.seenVersions().get("kasten")).containsOnlyKeys(1);
  }

  @Test
  void decrypt_extraField_bypassesCache() {
    JsonObject body = CacheFixture.decryptBody(ciphertext).put("partial_failure_response_code", 400);
    f.decryptAsync(body).await();
    f.decryptAsync(body).await();
    assertThat(f.engineDecrypts()).isEqualTo(2);
  }

  @Test
  void decrypt_overMaxEntries_leastRecentlyUsedWiped() {
    f.close();
    f = CacheFixture.with(c -> CacheFixture.maxEntries(c, 2));
    String first = f.encrypt(new byte[] {1});
    String second = f.encrypt(new byte[] {2});
    String third = f.encrypt(new byte[] {3});
    f.decrypt(first);
    f.decrypt(second);
    f.decrypt(first);
    f.decrypt(third);
    assertThat(f.entries()).isEqualTo(2);
    assertThat(f.memory.slots()).isEqualTo(2);
    assertThat(f.counter("transit_sidecar_cache_evictions", "reason", "evicted")).isEqualTo(1);
    long before = f.engineDecrypts();
    assertThat(plaintextOf(f.decrypt(first))).isEqualTo(b64(new byte[] {1}));
    assertThat(f.engineDecrypts()).isEqualTo(before);
    assertThat(plaintextOf(f.decrypt(second))).isEqualTo(b64(new byte[] {2}));
    assertThat(f.engineDecrypts()).isEqualTo(before + 1);
  }

  @Test
  void policyCheck_minDecryptionVersionPassesEntry_wipedAtOnce() {
    usePolicyInterval();
    f.decrypt(ciphertext);
    f.rootCall("/v1/transit/keys/kasten/rotate", new JsonObject());
    String v2 = f.encrypt(MASTER);
    f.decrypt(v2);
    f.rootCall("/v1/transit/keys/kasten/config", new JsonObject().put("min_decryption_version", 2));
    f.scheduler.advance(POLICY_INTERVAL);
    Http.eventually(Duration.ofSeconds(5), () -> f.entries() == 1);
    assertThat(f.memory.slots()).isEqualTo(1);
    assertThat(f.counter("transit_sidecar_cache_evictions", "reason", "policy")).isEqualTo(1);
    assertThat(f.decrypt(ciphertext).status()).isEqualTo(400);
    assertThat(plaintextOf(f.decrypt(v2))).isEqualTo(b64(MASTER));
  }

  @Test
  void policyCheck_runsEveryInterval() {
    usePolicyInterval();
    f.scheduler.advance(POLICY_INTERVAL.multipliedBy(3));
    Http.eventually(Duration.ofSeconds(5), () -> f.engine.requests().stream()
        .filter(r -> r.path().endsWith("/keys/kasten")).count() == 3);
  }

  private void usePolicyInterval() {
    f.close();
    f = CacheFixture.with(c -> CacheFixture.policyEvery(c, POLICY_INTERVAL));
    ciphertext = f.encrypt(MASTER);
  }

  @Test
  void seenVersions_forgottenAfterTtl() {
    f.decrypt(ciphertext);
    assertThat(f.cache.seenVersions().get("kasten")).containsOnlyKeys(1);
    f.scheduler.advance(CacheFixture.TTL.plusSeconds(1));
    assertThat(f.cache.seenVersions()).isEmpty();
  }

  @Test
  void status_countsAndSeenVersions_noSecret() {
    f.decrypt(ciphertext);
    f.decrypt(ciphertext);
    JsonObject status = f.cache.status().status();
    assertThat(f.cache.status().section()).isEqualTo("cache");
    assertThat(status.getLong("hits")).isEqualTo(1);
    assertThat(status.getLong("misses")).isEqualTo(1);
    assertThat(status.getInteger("entries")).isEqualTo(1);
    assertThat(status.getJsonObject("seen_versions").getJsonObject("transit").getJsonObject("kasten").getString("1"))
        .isEqualTo(f.clock.instant().toString());
    assertThat(status.encode()).doesNotContain(b64(MASTER)).doesNotContain(ciphertext);
  }

  @Test
  void close_wipesEverySlot() {
    f.decrypt(ciphertext);
    f.cache.close();
    assertThat(f.memory.slots()).isZero();
  }
}
