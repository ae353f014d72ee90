package dev.transitsidecar.cache;

import static dev.transitsidecar.cache.CacheFixture.b64;
import static dev.transitsidecar.cache.CacheFixture.plaintextOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.vault.VaultResponse;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Single flight and a storm: many requests on several event loops, with the fake clock moving under them. */
class ConcurrencyTest {
  private CacheFixture f;
  private List<Context> contexts;

  @BeforeEach
  void start() {
    f = CacheFixture.start();
    contexts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      contexts.add(f.vertx.getOrCreateContext());
    }
  }

  @AfterEach
  void stop() {
    f.close();
  }

  /** Decrypts on {@code context}; the answer must arrive on that same context. */
  private Future<VaultResponse> decryptOn(Context context, String ciphertext) {
    Promise<VaultResponse> answer = Promise.promise();
    context.runOnContext(v -> f.decryptAsync(CacheFixture.decryptBody(ciphertext))
        .map(r -> onSameContext(context, r))
        .onComplete(answer));
    return answer.future();
  }

  private static VaultResponse onSameContext(Context context, VaultResponse response) {
    if (Vertx.currentContext() != context) {
      throw new AssertionError("the answer came on another context");
    }
    return response;
  }

  @Test
  void decrypt_100ConcurrentMisses_oneEngineCallAndEveryAnswerRight() {
    byte[] key = new byte[32];
    ThreadLocalRandom.current().nextBytes(key);
    String ciphertext = f.encrypt(key);
    f.engine.clearRequests();
    f.engine.faults().latency(Duration.ofMillis(300));
    List<Future<VaultResponse>> answers = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      answers.add(decryptOn(contexts.get(i % contexts.size()), ciphertext));
    }
    Future.all(answers).timeout(10, TimeUnit.SECONDS).await();
    assertThat(f.engineDecrypts()).isEqualTo(1);
    assertThat(answers).allSatisfy(a -> assertThat(plaintextOf(a.result())).isEqualTo(b64(key)));
    assertThat(f.counter("transit_sidecar_cache_misses")).isEqualTo(100);
  }

  @Test
  void storm_fewCiphertextsOverSeveralTtls_noWrongAnswer() {
    List<byte[]> plaintexts = new ArrayList<>();
    List<String> ciphertexts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      byte[] plaintext = new byte[1 + i * 7];
      ThreadLocalRandom.current().nextBytes(plaintext);
      plaintexts.add(plaintext);
      ciphertexts.add(f.encrypt(plaintext));
    }
    f.engine.clearRequests();
    int requests = 0;
    for (int round = 0; round < 12; round++) {
      if (round % 3 == 2) {
        f.engine.faults().failNext(2, 503, "Vault is sealed");
      }
      List<Integer> asked = new ArrayList<>();
      List<Future<VaultResponse>> answers = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int which = ThreadLocalRandom.current().nextInt(ciphertexts.size());
        asked.add(which);
        answers.add(decryptOn(contexts.get(i % contexts.size()), ciphertexts.get(which)));
        if (i == 100) {
          f.scheduler.advance(CacheFixture.TTL.dividedBy(3));
        }
      }
      Future.join(answers).timeout(20, TimeUnit.SECONDS).await();
      for (int i = 0; i < answers.size(); i++) {
        assertRightOrRefused(answers.get(i), b64(plaintexts.get(asked.get(i))));
      }
      requests += answers.size();
    }
    assertThat(f.engineDecrypts()).isLessThan(requests / 10);
    assertThat(f.entries()).isLessThanOrEqualTo(5);
  }

  private static void assertRightOrRefused(Future<VaultResponse> answer, String expected) {
    assertThat(answer.succeeded()).as("answered").isTrue();
    VaultResponse response = answer.result();
    if (response.status() == 503) {
      return;
    }
    assertThat(response.status()).isEqualTo(200);
    assertThat(plaintextOf(response)).isEqualTo(expected);
  }
}
