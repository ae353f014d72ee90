package dev.transitsidecar.cache;

import static dev.transitsidecar.cache.CacheFixture.REFRESH_AT;
import static dev.transitsidecar.cache.CacheFixture.STALE;
import static dev.transitsidecar.cache.CacheFixture.TTL;
import static dev.transitsidecar.cache.CacheFixture.b64;
import static dev.transitsidecar.cache.CacheFixture.plaintextOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.testing.Http;
import dev.transitsidecar.vault.VaultResponse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Refresh ahead and stale-while-revalidate, with a fake clock and scheduler: the refresh point is drawn at 80 % of
 * the 15-minute TTL (12 minutes). "At once" means the answer's future is already complete when {@code decrypt}
 * returns: it did not wait for Vault.
 */
class RefreshAheadTest {
  private static final byte[] PLAINTEXT = "refresh me".getBytes(StandardCharsets.US_ASCII);
  /** Shorter than the fixture's vault.timeout (2 s): the engine holds a refresh in flight while the test looks. */
  private static final Duration SLOW = Duration.ofMillis(1_500);
  private CacheFixture f;
  private String ciphertext;

  @BeforeEach
  void start() {
    f = CacheFixture.start();
    ciphertext = f.encrypt(PLAINTEXT);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private Future<VaultResponse> decryptNow() {
    return f.decryptAsync(CacheFixture.decryptBody(ciphertext));
  }

  private double refreshes(String result) {
    return f.counter("transit_sidecar_cache_refreshes", "kind", "decrypt", "result", result);
  }

  private double waits() {
    return f.counter("transit_sidecar_cache_waits", "kind", "decrypt");
  }

  @Test
  void usedEntry_fetchedAgainAtItsRefreshPoint_andAnsweredAtOncePastTheFirstTtl() {
    f.decrypt(ciphertext);
    f.decrypt(ciphertext);
    f.scheduler.advance(REFRESH_AT.minusSeconds(1));
    assertThat(f.engineDecrypts()).isEqualTo(1);

    f.scheduler.advance(Duration.ofSeconds(1));
    Http.eventually(Duration.ofSeconds(5), () -> refreshes("ok") == 1);
    assertThat(f.engineDecrypts()).isEqualTo(2);

    f.scheduler.advance(TTL.minus(REFRESH_AT).plusMinutes(1));
    Future<VaultResponse> answer = decryptNow();
    assertThat(answer.isComplete()).as("answered without waiting for Vault").isTrue();
    assertThat(plaintextOf(answer.result())).isEqualTo(b64(PLAINTEXT));
    assertThat(f.engineDecrypts()).isEqualTo(2);
    assertThat(f.counter("transit_sidecar_cache_stale")).isZero();
    assertThat(waits()).isZero();
    JsonObject status = f.cache.status().status();
    assertThat(status.getJsonObject("refreshes").getLong("ok")).isEqualTo(1);
    assertThat(status.getLong("waits")).isZero();
  }

  @Test
  void unusedEntry_notFetchedAgain_expiresAsBefore() {
    String unused = f.encrypt("left alone".getBytes(StandardCharsets.US_ASCII));
    f.decrypt(ciphertext);
    f.decrypt(unused);
    f.decrypt(ciphertext);
    f.scheduler.advance(REFRESH_AT);
    Http.eventually(Duration.ofSeconds(5), () -> refreshes("ok") == 1);
    assertThat(refreshes("skipped")).isEqualTo(1);
    assertThat(f.engineDecrypts()).isEqualTo(3);

    f.scheduler.advance(TTL.minus(REFRESH_AT));
    Future<VaultResponse> answer = f.decryptAsync(CacheFixture.decryptBody(unused));
    assertThat(answer.isComplete()).as("an entry unused since its last refresh waits for Vault").isFalse();
    assertThat(plaintextOf(answer.await())).isEqualTo(b64("left alone".getBytes(StandardCharsets.US_ASCII)));
    assertThat(f.engineDecrypts()).isEqualTo(4);
    assertThat(waits()).isEqualTo(1);
  }

  @Test
  void refreshingAheadStopped_theUsedEntryIsNotFetchedAtOrAfterItsRefreshPoint_andWaitsForVaultPastItsTtl() {
    f.decrypt(ciphertext);
    f.decrypt(ciphertext);
    f.cache.stopRefreshingAhead();
    f.scheduler.advance(REFRESH_AT);
    assertThat(plaintextOf(decryptNow().result())).as("a hit past the refresh point").isEqualTo(b64(PLAINTEXT));
    f.scheduler.advance(TTL.minus(REFRESH_AT).plusSeconds(1));

    Future<VaultResponse> answer = decryptNow();
    assertThat(answer.isComplete()).as("no refresh made the entry fresh: the request waits for Vault").isFalse();
    assertThat(plaintextOf(answer.await())).isEqualTo(b64(PLAINTEXT));
    assertThat(f.engineDecrypts()).isEqualTo(2);
    assertThat(refreshes("ok")).isZero();
    assertThat(waits()).isEqualTo(1);
  }

  @Test
  void refreshFails_staleServedAtOnceUntilTtlPlusStaleIfError_andNotAfter() {
    f.decrypt(ciphertext);
    f.decrypt(ciphertext);
    f.engine.faults().failNext(1_000, 503, "Vault is sealed");
    f.scheduler.advance(REFRESH_AT);
    Http.eventually(Duration.ofSeconds(5), () -> refreshes("failed") == 1);

    f.scheduler.advance(TTL.minus(REFRESH_AT).plusSeconds(1));
    Future<VaultResponse> pastTtl = decryptNow();
    assertThat(pastTtl.isComplete()).as("served stale without waiting for Vault").isTrue();
    assertThat(plaintextOf(pastTtl.result())).isEqualTo(b64(PLAINTEXT));

    f.scheduler.advance(STALE.minusSeconds(2));
    Future<VaultResponse> lastSecond = decryptNow();
    assertThat(lastSecond.isComplete()).isTrue();
    assertThat(plaintextOf(lastSecond.result())).isEqualTo(b64(PLAINTEXT));
    assertThat(f.counter("transit_sidecar_cache_stale")).isEqualTo(2);
    assertThat(waits()).isZero();

    f.scheduler.advance(Duration.ofSeconds(1));
    assertThat(f.entries()).isZero();
    assertThat(f.memory.slots()).isZero();
    VaultResponse after = decryptNow().await();
    assertThat(after.status()).isEqualTo(503);
    assertThat(after.body().toString()).doesNotContain(b64(PLAINTEXT));
  }

  @Test
  void refreshInFlightPastTtl_staleServedAtOnce_thenTheNewEntryAnswers() {
    f.decrypt(ciphertext);
    f.decrypt(ciphertext);
    f.engine.faults().latency(SLOW);
    f.scheduler.advance(REFRESH_AT);
    f.clock.advance(TTL.minus(REFRESH_AT).plusSeconds(1));

    Future<VaultResponse> answer = decryptNow();
    assertThat(answer.isComplete()).as("served stale while the refresh is in flight").isTrue();
    assertThat(plaintextOf(answer.result())).isEqualTo(b64(PLAINTEXT));
    assertThat(f.counter("transit_sidecar_cache_stale")).isEqualTo(1);

    Http.eventually(Duration.ofSeconds(5), () -> refreshes("ok") == 1);
    f.engine.faults().latency(Duration.ZERO);
    assertThat(plaintextOf(decryptNow().await())).isEqualTo(b64(PLAINTEXT));
    assertThat(f.counter("transit_sidecar_cache_hits")).isEqualTo(2);
    assertThat(f.engineDecrypts()).isEqualTo(2);
    assertThat(waits()).isZero();
  }

  @Test
  void refreshAndMiss_shareOneVaultCall() {
    f.decrypt(ciphertext);
    f.decrypt(ciphertext);
    f.engine.faults().latency(SLOW);
    f.scheduler.advance(REFRESH_AT);
    f.scheduler.advance(TTL.plus(STALE).minus(REFRESH_AT));
    assertThat(f.entries()).as("the old entry expired while its refresh was in flight").isZero();

    Future<VaultResponse> miss = decryptNow();
    assertThat(miss.isComplete()).isFalse();
    assertThat(plaintextOf(miss.await())).isEqualTo(b64(PLAINTEXT));
    assertThat(f.engineDecrypts()).as("the miss joined the refresh's call").isEqualTo(2);
    Http.eventually(Duration.ofSeconds(5), () -> refreshes("ok") == 1);
  }
}
