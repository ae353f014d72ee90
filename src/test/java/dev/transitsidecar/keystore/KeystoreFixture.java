package dev.transitsidecar.keystore;

import dev.transitsidecar.config.CacheConfig;
import dev.transitsidecar.config.LockMemory;
import dev.transitsidecar.config.MemoryBackend;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.config.VaultConfig;
import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.testing.FakeClock;
import dev.transitsidecar.testing.FakeScheduler;
import dev.transitsidecar.testing.FixedTokenSession;
import dev.transitsidecar.testing.SecretLedger;
import dev.transitsidecar.vault.VaultClient;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The embedded engine with the Transit key {@code kasten}, a session with its root token (no retries), a slab, a
 * fake clock and scheduler, and a keystore created with a known master key (bytes 0..31).
 */
final class KeystoreFixture implements AutoCloseable {
  static final CacheConfig CACHE = new CacheConfig(Duration.ofMinutes(15), Duration.ofMinutes(5), 16, 64,
      Duration.ofSeconds(60), LockMemory.OFF, MemoryBackend.AUTO);
  /** The refresh point's draw: the middle, so the key is unwrapped again at 80 % of the TTL (12 minutes). */
  static final double JITTER = 0.5;
  static final Duration REFRESH_AT = Duration.ofMinutes(12);

  final Vertx vertx = Vertx.vertx();
  final DevVault engine;
  final FixedTokenSession session;
  final LockedMemory memory = LockedMemory.allocate(LockedMemory.DEFAULT_CAPACITY, LockMemory.OFF);
  final FakeClock clock = new FakeClock();
  final FakeScheduler scheduler = new FakeScheduler(clock);
  final KeystoreFile file;
  final KeystoreAdmin admin;

  KeystoreFixture(Path dir) {
    engine = DevVault.start(Vertx.vertx(), DevVaultOptions.defaults().withTransitKeys(List.of("kasten", "other")))
        .await();
    session = new FixedTokenSession(VaultClient.create(vertx, new VaultConfig(URI.create(engine.address()),
        Optional.empty(), Duration.ofSeconds(5), 0, SidecarConfig.defaults().vault().tls())), engine.rootToken());
    file = new KeystoreFile(dir.resolve("keystore.json"));
    admin = new KeystoreAdmin(file, session, memory, clock, new SecureRandom(), () -> "unused".toCharArray());
  }

  static byte[] knownKey() {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) i;
    }
    return key;
  }

  Keystore initWithKnownKey(Path dir) {
    try {
      SecretLedger.record(SecretLedger.Kind.MASTER_KEY, knownKey());
      Path raw = Files.write(dir.resolve("master.raw"), knownKey());
      return admin.init("transit", "kasten", Optional.of(raw));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  MasterKey masterKey() {
    return MasterKey.start(vertx, file, session, memory, CACHE, clock, scheduler, () -> JITTER).await();
  }

  long decrypts() {
    return engine.requests().stream().filter(r -> r.path().startsWith("/v1/transit/decrypt/")).count();
  }

  @Override
  public void close() {
    memory.close();
    vertx.close().await();
    engine.close().await();
  }
}
