package dev.transitsidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.proxy.CoalesceSupport.Call;
import dev.transitsidecar.testing.Http.Answer;
import dev.transitsidecar.testing.LogCapture;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Coalescing seen from the engine's side: how many requests it gets, and how its failures reach every client. */
class CoalescerTest {
  private static ProxyFixture on;
  private static ProxyFixture off;

  @BeforeAll
  static void start() {
    on = CoalesceSupport.proxy(true);
    off = CoalesceSupport.proxy(false);
  }

  @AfterAll
  static void stop() {
    on.close();
    off.close();
  }

  @BeforeEach
  void reset() {
    on.engine.faults().clear();
    on.forgetSeen();
    off.forgetSeen();
  }

  private static String secret(int i) {
    return Base64.getEncoder().encodeToString(("coalesced secret number " + i).getBytes());
  }

  private static List<Call> encrypts(int n, JsonObject extra) {
    return IntStream.range(0, n)
        .mapToObj(i -> new Call("transit/encrypt/kasten", extra.copy().put("plaintext", secret(i)).encode()))
        .toList();
  }

  private static List<Call> decrypts(List<Answer> encrypted) {
    return encrypted.stream()
        .map(a -> new Call("transit/decrypt/kasten", new JsonObject()
            .put("ciphertext", a.json().getJsonObject("data").getString("ciphertext")).encode()))
        .toList();
  }

  @Test
  void encrypt_64concurrent_oneEngineRequest() {
    try (ProxyFixture exact = CoalesceSupport.exact(64)) {
      exact.forgetSeen();

      List<Answer> answers = CoalesceSupport.concurrently(exact, encrypts(64, new JsonObject()));

      assertThat(answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
      assertThat(CoalesceSupport.seen(exact, "transit/encrypt/kasten")).isEqualTo(1);
    }
  }

  @Test
  void encrypt_moreThanMaxBatch_splitIntoBatchesOfAtMostMaxBatch() {
    try (ProxyFixture small = CoalesceSupport.exact(8)) {
      small.forgetSeen();

      List<Answer> answers = CoalesceSupport.concurrently(small, encrypts(24, new JsonObject()));

      assertThat(answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
      assertThat(CoalesceSupport.seen(small, "transit/encrypt/kasten")).isEqualTo(3);
    }
  }

  @Test
  void encrypt_coalescingOff_oneEngineRequestEach() {
    CoalesceSupport.concurrently(off, encrypts(20, new JsonObject()));

    assertThat(CoalesceSupport.seen(off, "transit/encrypt/kasten")).isEqualTo(20);
  }

  @Test
  void decrypt_concurrentMisses_coalescedThenAnsweredFromTheCache() {
    // 16 ciphertexts: as many as the cache holds (cache.maxEntries), so the second round is all hits.
    try (ProxyFixture exact = CoalesceSupport.exact(16)) {
      List<Answer> encrypted = CoalesceSupport.concurrently(exact, encrypts(16, new JsonObject()));
      exact.forgetSeen();

      List<Answer> first = CoalesceSupport.concurrently(exact, decrypts(encrypted));
      List<Answer> again = CoalesceSupport.concurrently(exact, decrypts(encrypted));

      for (int i = 0; i < 16; i++) {
        assertThat(first.get(i).json().getJsonObject("data").getString("plaintext")).isEqualTo(secret(i));
        assertThat(again.get(i).json().getJsonObject("data").getString("plaintext")).isEqualTo(secret(i));
      }
      assertThat(CoalesceSupport.seen(exact, "transit/decrypt/kasten")).isEqualTo(1);
    }
  }

  @Test
  void encrypt_withPartialFailureResponseCode_sentAlone() {
    CoalesceSupport.concurrently(on, encrypts(10, new JsonObject().put("partial_failure_response_code", 207)));

    assertThat(CoalesceSupport.seen(on, "transit/encrypt/kasten")).isEqualTo(10);
  }

  @Test
  void encrypt_batchAnswered503_everyClientGetsIt() {
    try (ProxyFixture exact = CoalesceSupport.exact(10)) {
      exact.engine.faults().failNext(1, 503, "Vault is sealed");

      List<Answer> answers = CoalesceSupport.concurrently(exact, encrypts(10, new JsonObject()));

      assertThat(answers).allSatisfy(a -> {
        assertThat(a.status()).isEqualTo(503);
        assertThat(a.json().getJsonArray("errors").getList()).containsExactly("Vault is sealed");
      });
    }
  }

  @Test
  void decrypt_batchConnectionDropped_everyClientGetsTheSameFailure() {
    try (ProxyFixture exact = CoalesceSupport.exact(10)) {
      List<Answer> encrypted = CoalesceSupport.concurrently(exact,
          encrypts(10, new JsonObject().put("context", "Y3R4")));
      exact.engine.faults().dropNext(1);

      List<Answer> answers = CoalesceSupport.concurrently(exact, decrypts(encrypted));

      assertThat(answers).allSatisfy(a -> {
        assertThat(a.status()).isEqualTo(answers.getFirst().status()).isGreaterThanOrEqualTo(500);
        assertThat(a.body()).isEqualTo(answers.getFirst().body());
      });
      assertThat(answers.getFirst().json().getJsonArray("errors").size()).isEqualTo(1);
    }
  }

  @Test
  void encrypt_batchTimesOut_everyClientGets504() {
    try (ProxyFixture slow = CoalesceSupport.proxy(true, 64, Duration.ofMillis(300))) {
      slow.engine.faults().latency(Duration.ofMillis(1500));

      List<Answer> answers = CoalesceSupport.concurrently(slow, encrypts(10, new JsonObject()));

      assertThat(answers).allSatisfy(a -> {
        assertThat(a.status()).isEqualTo(504);
        assertThat(a.body()).isEqualTo(answers.getFirst().body());
      });
    }
  }

  @Test
  void metrics_coalescedBatches_rendered() {
    CoalesceSupport.concurrently(on, encrypts(16, new JsonObject()));

    String scrape = on.registry.scrape();
    assertThat(scrape).containsPattern("(?m)^transit_sidecar_coalesced_batches_total(\\{[^}]*})? [1-9]");
    assertThat(scrape).contains("transit_sidecar_coalesced_batch_size_bucket")
        .contains("transit_sidecar_coalesced_batch_size_count");
  }

  @Test
  void coalescing_logs_neverHoldPlaintexts() {
    try (LogCapture logs = new LogCapture()) {
      List<Answer> encrypted = CoalesceSupport.concurrently(on, encrypts(8, new JsonObject()));
      on.engine.faults().failNext(1, 500, "internal error");
      CoalesceSupport.concurrently(on, decrypts(encrypted));
      CoalesceSupport.concurrently(on, decrypts(encrypted));

      IntStream.range(0, 8).forEach(i -> assertThat(logs.anyContains(secret(i))).isFalse());
    }
  }
}
