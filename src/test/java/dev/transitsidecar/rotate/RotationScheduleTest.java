package dev.transitsidecar.rotate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.config.KeystoreConfig;
import dev.transitsidecar.config.LockMemory;
import dev.transitsidecar.config.RotationConfig;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.keystore.KeystoreAdmin;
import dev.transitsidecar.keystore.KeystoreFile;
import dev.transitsidecar.keystore.TransitPasskey;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.testing.FakeClock;
import dev.transitsidecar.testing.FakeScheduler;
import dev.transitsidecar.testing.FixedTokenSession;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.TestConfigs;
import dev.transitsidecar.vault.VaultClient;
import dev.transitsidecar.vault.VaultRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rotation.interval} with the engine's clock: the due time is the newest key version's creation time plus
 * the interval, read from Vault, so it is the same after a restart.
 */
class RotationScheduleTest {
  private static final Duration INTERVAL = Duration.ofHours(720);

  @TempDir
  Path dir;

  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-01T00:00:00Z"));
  private final FakeScheduler scheduler = new FakeScheduler(clock);
  private Vertx vertx;
  private DevVault engine;
  private FixedTokenSession session;
  private LockedMemory memory;
  private SidecarConfig config;
  private KeystoreFile file;
  private RotationSchedule schedule;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    engine = DevVault.start(vertx, DevVaultOptions.defaults().withPort(0).withClock(clock)
        .withTransitKeys(List.of("kasten"))).await();
    SidecarConfig c = TestConfigs.sidecar(URI.create(engine.address()));
    file = new KeystoreFile(dir.resolve("keystore.json"));
    config = new SidecarConfig(c.listen(), c.vault(), c.auth(), c.transit(), c.cache(),
        new KeystoreConfig(Optional.of(file.path()), "kasten"), new RotationConfig(INTERVAL, OptionalInt.empty()),
        c.proxy(), c.webhook(), c.log());
    session = new FixedTokenSession(VaultClient.create(vertx, config.vault()), engine.rootToken());
    memory = LockedMemory.allocate(LockedMemory.DEFAULT_CAPACITY, LockMemory.OFF);
    new KeystoreAdmin(file, session, memory, clock, new SecureRandom(), () -> new char[0])
        .init("transit", "kasten", Optional.empty());
  }

  @AfterEach
  void stop() {
    if (schedule != null) {
      schedule.close();
    }
    memory.close();
    engine.close().await();
    vertx.close().await();
  }

  @Test
  void start_newestVersionYoungerThanInterval_waitsUntilItIsDue() {
    clock.advance(Duration.ofHours(20));
    startSchedule();

    assertThat(scheduler.nextDelay()).contains(INTERVAL.minusHours(20));
    scheduler.advance(INTERVAL.minusHours(21));
    assertThat(key().getInteger("latest_version")).isEqualTo(1);
    assertThat(scheduler.pendingCount()).isEqualTo(1);
  }

  @Test
  void due_rotatesOnce_rewrapsTheKeystore_andSchedulesTheNextInterval() {
    startSchedule();

    scheduler.advance(INTERVAL);
    awaitIdle();

    assertThat(key().getInteger("latest_version")).isEqualTo(2);
    assertThat(key().getInteger("min_decryption_version")).isEqualTo(2);
    assertThat(((TransitPasskey) file.read().inUse()).version()).isEqualTo(2);
    assertThat(scheduler.nextDelay()).contains(INTERVAL);
  }

  @Test
  void restart_afterARotation_takesTheDueTimeFromTheNewestVersion() {
    startSchedule();
    scheduler.advance(INTERVAL);
    awaitIdle();
    schedule.close();
    clock.advance(Duration.ofHours(100));

    startSchedule();

    assertThat(scheduler.nextDelay()).contains(INTERVAL.minusHours(100));
    assertThat(key().getInteger("latest_version")).isEqualTo(2);
  }

  @Test
  void restart_longAfterTheDueTime_rotatesAtOnce() {
    clock.advance(INTERVAL.multipliedBy(3));

    startSchedule();
    assertThat(scheduler.nextDelay()).contains(Duration.ZERO);
    scheduler.advance(Duration.ZERO);
    awaitIdle();

    assertThat(key().getInteger("latest_version")).isEqualTo(2);
    assertThat(scheduler.nextDelay()).contains(INTERVAL);
  }

  private void startSchedule() {
    SeenVersions none = (mount, key) -> Future.succeededFuture(SeenVersions.Report.answered("this sidecar", Map.of()));
    schedule = RotationSchedule.start(vertx, session, memory, config, none, clock, scheduler);
    awaitIdle();
  }

  /** The schedule works asynchronously; it is idle again once it has scheduled its next run. */
  private void awaitIdle() {
    Http.eventually(Duration.ofSeconds(10), () -> scheduler.pendingCount() == 1);
  }

  private JsonObject key() {
    return session.call("read", VaultRequest.get("/v1/transit/keys/kasten")).await().getJsonObject("data");
  }
}
