package dev.transitsidecar.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transitsidecar.derive.Hkdf;
import dev.transitsidecar.http.SidecarException;
import ch.qos.logback.classic.Level;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.LogCapture;
import dev.transitsidecar.testing.SecretLedger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master key against the embedded engine, with the engine's faults and a fake clock and scheduler. */
class MasterKeyTest {
  private static final String KNOWN_KEY_ID = Hkdf.keyId(ByteBuffer.wrap(KeystoreFixture.knownKey()));

  @TempDir
  Path dir;

  private KeystoreFixture fx;

  @BeforeEach
  void start() {
    fx = new KeystoreFixture(dir);
    fx.initWithKnownKey(dir);
    fx.engine.clearRequests();
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  private static String keyId(MasterKey key) {
    return key.use((secret, keyId) -> secret.exposeTo(Hkdf::keyId)).await();
  }

  @Test
  void use_withinTtl_unwrapsOnceAndServesFromLockedMemory() {
    MasterKey key = fx.masterKey();
    for (int i = 0; i < 10; i++) {
      assertThat(keyId(key)).isEqualTo(KNOWN_KEY_ID);
    }
    assertThat(fx.decrypts()).isEqualTo(1);
    JsonObject status = key.status().status();
    assertThat(status.getBoolean("cached")).isTrue();
    assertThat(status.getString("key_id")).isEqualTo(KNOWN_KEY_ID);
    assertThat(status.getJsonArray("passkeys").getJsonObject(0).encode())
        .isEqualTo("{\"name\":\"vault\",\"type\":\"vault-transit\",\"in_use\":true}");
    assertThat(key.readiness().notReadyReason()).isEmpty();
  }

  @Test
  void use_atTheRefreshPoint_unwrapsAgainAndWipesTheOldCopy() {
    MasterKey key = fx.masterKey();
    keyId(key);
    fx.scheduler.advance(KeystoreFixture.REFRESH_AT.minusSeconds(1));
    assertThat(fx.decrypts()).isEqualTo(1);
    fx.scheduler.advance(Duration.ofSeconds(1));
    Http.eventually(Duration.ofSeconds(5), () -> fx.decrypts() == 2);
    Http.eventually(Duration.ofSeconds(5), () -> key.status().status().getLong("age_seconds") == 0L);
    assertThat(keyId(key)).isEqualTo(KNOWN_KEY_ID);
    assertThat(fx.memory.slots()).isEqualTo(1);
  }

  @Test
  void use_refreshedAhead_servedAtOncePastTheFirstTtl_andNeverWaits() {
    MasterKey key = fx.masterKey();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    key.bindTo(registry);
    keyId(key);
    fx.scheduler.advance(KeystoreFixture.REFRESH_AT);
    Http.eventually(Duration.ofSeconds(5), () -> refreshes(registry, "ok") == 1);

    fx.scheduler.advance(Duration.ofMinutes(15).minus(KeystoreFixture.REFRESH_AT).plusMinutes(1));
    Future<String> derived = key.use((secret, keyId) -> secret.exposeTo(Hkdf::keyId));
    assertThat(derived.isComplete()).as("answered without waiting for Vault").isTrue();
    assertThat(derived.result()).isEqualTo(KNOWN_KEY_ID);
    assertThat(fx.decrypts()).isEqualTo(2);
    assertThat(waits(registry)).isZero();
    JsonObject status = key.status().status();
    assertThat(status.getJsonObject("refreshes").getLong("ok")).isEqualTo(1);
    assertThat(status.getLong("waits")).isZero();
  }

  @Test
  void refreshingAheadStopped_noUnwrapAtTheRefreshPoint_andAUsePastTheTtlWaitsForOne() {
    MasterKey key = fx.masterKey();
    keyId(key);
    key.stopRefreshingAhead();
    fx.scheduler.advance(KeystoreFixture.REFRESH_AT);
    assertThat(keyId(key)).as("a use past the refresh point").isEqualTo(KNOWN_KEY_ID);
    fx.scheduler.advance(Duration.ofMinutes(15).minus(KeystoreFixture.REFRESH_AT).plusSeconds(1));

    Future<String> derived = key.use((secret, keyId) -> secret.exposeTo(Hkdf::keyId));
    assertThat(derived.isComplete()).as("no refresh made the key fresh: the use waits for an unwrap").isFalse();
    assertThat(derived.await()).isEqualTo(KNOWN_KEY_ID);
    assertThat(fx.decrypts()).isEqualTo(2);
    assertThat(key.status().status().getJsonObject("refreshes").getLong("ok"))
        .as("an unwrap a request waited for is no refresh").isZero();
  }

  @Test
  void use_refreshInFlightPastTtl_servesTheHeldKeyAtOnce() {
    MasterKey key = fx.masterKey();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    key.bindTo(registry);
    keyId(key);
    fx.engine.faults().latency(Duration.ofMillis(1_500));
    fx.scheduler.advance(KeystoreFixture.REFRESH_AT);
    fx.clock.advance(Duration.ofMinutes(15).minus(KeystoreFixture.REFRESH_AT).plusSeconds(1));

    Future<String> derived = key.use((secret, keyId) -> secret.exposeTo(Hkdf::keyId));
    assertThat(derived.isComplete()).as("served while the refresh is in flight").isTrue();
    assertThat(derived.result()).isEqualTo(KNOWN_KEY_ID);
    Http.eventually(Duration.ofSeconds(5), () -> refreshes(registry, "ok") == 1);
    assertThat(fx.decrypts()).isEqualTo(2);
    assertThat(waits(registry)).isZero();
  }

  @Test
  void use_refreshFails_servedAtOnceUntilTtlPlusStaleIfError_andNotAfter() {
    MasterKey key = fx.masterKey();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    key.bindTo(registry);
    keyId(key);
    fx.engine.faults().failNext(1_000, 503, "Vault is sealed");
    fx.scheduler.advance(KeystoreFixture.REFRESH_AT);
    Http.eventually(Duration.ofSeconds(5), () -> refreshes(registry, "failed") == 1);

    fx.scheduler.advance(Duration.ofMinutes(20).minus(KeystoreFixture.REFRESH_AT).minusSeconds(1));
    Future<String> lastSecond = key.use((secret, keyId) -> secret.exposeTo(Hkdf::keyId));
    assertThat(lastSecond.isComplete()).isTrue();
    assertThat(lastSecond.result()).isEqualTo(KNOWN_KEY_ID);

    fx.scheduler.advance(Duration.ofSeconds(1));
    assertThat(fx.memory.slots()).isZero();
    assertThatThrownBy(() -> keyId(key)).isInstanceOfSatisfying(SidecarException.class,
        e -> assertThat(e.status()).isEqualTo(503));
  }

  @Test
  void use_vaultDownAfterTtl_servesTheHeldKeyUpToStaleIfError_thenWipesIt() {
    MasterKey key = fx.masterKey();
    keyId(key);
    fx.engine.faults().failNext(1000, 503, "Vault is sealed");
    fx.scheduler.advance(Duration.ofMinutes(15));
    Http.eventually(Duration.ofSeconds(5), () -> key.status().status().getString("last_error") != null);

    assertThat(keyId(key)).isEqualTo(KNOWN_KEY_ID);
    assertThat(key.readiness().notReadyReason()).isEmpty();

    fx.scheduler.advance(Duration.ofMinutes(5));
    assertThat(key.status().status().getBoolean("cached")).isFalse();
    assertThat(fx.memory.slots()).isZero();
    assertThatThrownBy(() -> keyId(key)).isInstanceOfSatisfying(SidecarException.class,
        e -> assertThat(e.status()).isEqualTo(503)).hasMessageContaining("master key not available");
    assertThat(key.readiness().notReadyReason()).get().asString().startsWith("master key: ");

    fx.engine.faults().clear();
    assertThat(keyId(key)).isEqualTo(KNOWN_KEY_ID);
  }

  @Test
  void use_vaultDownAfterTtl_manyUsesStartOneUnwrapPerPause_andLogTheReasonOnce() {
    MasterKey key = fx.masterKey();
    keyId(key);
    fx.engine.faults().failNext(1000, 503, "Vault is sealed");
    fx.scheduler.advance(Duration.ofMinutes(15));
    Http.eventually(Duration.ofSeconds(5), () -> key.status().status().getString("last_error") != null);
    long decrypts = fx.decrypts();
    try (LogCapture logs = new LogCapture()) {
      for (int i = 0; i < 50; i++) {
        assertThat(keyId(key)).isEqualTo(KNOWN_KEY_ID);
      }

      assertThat(fx.decrypts()).isEqualTo(decrypts);
      fx.clock.advance(MasterKey.RETRY_PAUSE);
      assertThat(keyId(key)).isEqualTo(KNOWN_KEY_ID);
      Http.eventually(Duration.ofSeconds(5), () -> fx.decrypts() == decrypts + 1);
      assertThat(logs.lines(Level.WARN)).noneMatch(line -> line.contains("master key"));
    }
  }

  @Test
  void use_vaultRefusesAfterTtl_wipesAtOnce() {
    MasterKey key = fx.masterKey();
    keyId(key);
    fx.engine.faults().failNext(1, 400, "ciphertext or signature version is disallowed by policy (too old)");
    fx.scheduler.advance(Duration.ofMinutes(15));
    Http.eventually(Duration.ofSeconds(5), () -> !key.status().status().getBoolean("cached"));
    assertThat(fx.memory.slots()).isZero();
    assertThat(key.readiness().notReadyReason()).isPresent();
  }

  @Test
  void use_hundredConcurrentFirstUses_makeOneVaultCall() {
    fx.engine.faults().latency(Duration.ofMillis(300));
    MasterKey key = fx.masterKey();
    List<Future<String>> all = IntStream.range(0, 100)
        .mapToObj(i -> key.use((secret, keyId) -> secret.exposeTo(Hkdf::keyId))).toList();
    assertThat(Future.all(all).await().<String>list()).containsOnly(KNOWN_KEY_ID);
    assertThat(fx.decrypts()).isEqualTo(1);
  }

  @Test
  void use_keyIdDoesNotMatch_isRefusedAndNothingIsHeld() throws IOException {
    String text = Files.readString(fx.file.path()).replace(KNOWN_KEY_ID, "00000000000000aa");
    Files.writeString(fx.file.path(), text);
    MasterKey key = fx.masterKey();
    assertThatThrownBy(() -> keyId(key)).hasMessageContaining("does not match the keystore's key_id");
    assertThat(fx.memory.slots()).isZero();
  }

  @Test
  void use_passphrasePasskeyInUse_saysTheSidecarNeedsATransitPasskey() throws IOException {
    SecretLedger.record(SecretLedger.Kind.PASSPHRASE, "correct horse battery staple");
    Path passphrase = Files.writeString(dir.resolve("pass"), "correct horse battery staple\n");
    fx.admin.addPassphrasePasskey("recovery", "correct horse battery staple".toCharArray());
    fx.admin.usePasskey("recovery");
    MasterKey key = fx.masterKey();
    assertThatThrownBy(() -> keyId(key)).hasMessageContaining("unwraps only vault-transit passkeys");
    assertThat(passphrase).exists();
  }

  @Test
  void start_missingKeystore_failsWithOneLine() throws IOException {
    Files.delete(fx.file.path());
    assertThatThrownBy(fx::masterKey).isInstanceOf(KeystoreException.class).hasMessageContaining("does not exist");
  }

  @Test
  void metrics_unwrapsByResultAndWhetherTheKeyIsAvailable_removedOnClose() {
    MasterKey key = fx.masterKey();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    key.bindTo(registry);
    keyId(key);

    assertThat(unwraps(registry, "success")).isEqualTo(1);
    assertThat(unwraps(registry, "failure")).isZero();
    assertThat(registry.get("transit.sidecar.master.key.available").gauge().value()).isEqualTo(1);
    fx.engine.faults().failNext(1, 400, "ciphertext or signature version is disallowed by policy (too old)");
    fx.scheduler.advance(Duration.ofMinutes(15));
    Http.eventually(Duration.ofSeconds(5),
        () -> registry.get("transit.sidecar.master.key.available").gauge().value() == 0);
    assertThat(unwraps(registry, "failure")).isEqualTo(1);
    key.close();
    assertThat(registry.getMeters()).isEmpty();
  }

  private static double refreshes(SimpleMeterRegistry registry, String result) {
    return registry.get("transit_sidecar_cache_refreshes").tag("kind", "master_key").tag("result", result)
        .functionCounter().count();
  }

  private static double waits(SimpleMeterRegistry registry) {
    return registry.get("transit_sidecar_cache_waits").tag("kind", "master_key").functionCounter().count();
  }

  private static double unwraps(SimpleMeterRegistry registry, String result) {
    return registry.get("transit.sidecar.master.key.unwraps").tag("result", result).functionCounter().count();
  }
}
