package dev.transitsidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.testing.Http.Answer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A Vault that is down, slow or not logged in to: a timely 502, 504 or 503 in Vault's shape, never a hang. */
class UpstreamFailureTest {
  private static final String BODY = "{\"plaintext\":\"aGk=\"}";
  private ProxyFixture proxy;

  @AfterEach
  void stop() {
    proxy.close();
  }

  @Test
  void vaultDown_is502WithAClearMessage() {
    proxy = ProxyFixture.with(c -> ProxyFixture.fastTimeout(c, Duration.ofSeconds(1), 1));
    proxy.engine.close().await();
    Answer a = proxy.post("/v1/transit/encrypt/kasten", BODY);
    assertThat(a.status()).isEqualTo(502);
    assertThat(a.json().getJsonArray("errors").getString(0)).startsWith("vault unreachable at http://127.0.0.1:");
  }

  @Test
  void vaultSlow_is504WithinTimeoutTimesAttemptsPlusBackoff() {
    proxy = ProxyFixture.with(c -> ProxyFixture.fastTimeout(c, Duration.ofMillis(300), 1));
    proxy.engine.faults().latency(Duration.ofSeconds(5));
    long start = System.nanoTime();
    Answer a = proxy.post("/v1/transit/encrypt/kasten", BODY);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(a.status()).isEqualTo(504);
    assertThat(a.json().getJsonArray("errors").getString(0)).contains("did not answer within 300ms");
    // two attempts of 300 ms and one backoff of at most 100 ms, with room for a slow CI machine
    assertThat(took).isLessThan(Duration.ofMillis(2_500));
  }

  @Test
  void vaultAnswers503_isPassedThrough() {
    proxy = ProxyFixture.with(c -> ProxyFixture.fastTimeout(c, Duration.ofSeconds(1), 0));
    proxy.engine.seal();
    Answer a = proxy.post("/v1/transit/encrypt/kasten", BODY);
    assertThat(a.status()).isEqualTo(503);
    assertThat(a.json().getJsonArray("errors")).containsExactly("Vault is sealed");
  }

  @Test
  void noTokenHeld_is503AndNothingIsSent() {
    proxy = ProxyFixture.start();
    proxy.session.forget();
    proxy.forgetSeen();
    Answer a = proxy.post("/v1/transit/encrypt/kasten", BODY);
    assertThat(a.status()).isEqualTo(503);
    assertThat(a.json().getJsonArray("errors").getString(0)).contains("no valid Vault token");
    assertThat(proxy.seen()).isEmpty();
  }
}
