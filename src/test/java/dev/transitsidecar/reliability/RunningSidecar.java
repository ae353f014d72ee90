package dev.transitsidecar.reliability;

import dev.transitsidecar.Sidecar;
import dev.transitsidecar.SidecarRuntime;
import dev.transitsidecar.config.AuthConfig;
import dev.transitsidecar.config.AuthMethod;
import dev.transitsidecar.config.KeystoreConfig;
import dev.transitsidecar.config.ListenConfig;
import dev.transitsidecar.config.LockMemory;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.config.VaultConfig;
import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.keystore.KeystoreAdmin;
import dev.transitsidecar.keystore.KeystoreFile;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.testing.FixedTokenSession;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.TestConfigs;
import dev.transitsidecar.vault.VaultClient;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A whole sidecar as {@code run} starts it (token auth with the engine's root token, the probe listener on a free
 * port, optionally a keystore holding a known master key) in front of the embedded engine, both on free loopback
 * ports. For the reliability tests that drive it over raw sockets, and for the chart's monitoring test, which scrapes
 * its health port.
 */
public final class RunningSidecar implements AutoCloseable {
  final Vertx vertx;
  final Vertx engineVertx;
  public final DevVault engine;
  final Sidecar sidecar;
  final SidecarConfig config;
  final int port;
  public final int healthPort;

  private RunningSidecar(Path dir, Optional<byte[]> masterKey, UnaryOperator<ListenConfig> listen) {
    SidecarRuntime runtime = SidecarRuntime.create();
    vertx = runtime.vertx();
    engineVertx = Vertx.vertx();
    engine = DevVault.start(engineVertx, DevVaultOptions.defaults().withTransitKeys(List.of("kasten"))).await();
    try {
      Path token = Files.writeString(dir.resolve("token"), engine.rootToken());
      Optional<Path> keystore = masterKey.isPresent() ? Optional.of(createKeystore(dir, masterKey.get()))
          : Optional.empty();
      SidecarConfig c = TestConfigs.sidecar(URI.create(engine.address()));
      healthPort = TestConfigs.deadVault().getPort();
      ListenConfig l = c.listen();
      ListenConfig withHealth = new ListenConfig(l.address(), l.port(), l.unixSocket(), l.requireRequestHeader(),
          l.maxBodyBytes(), l.clientTokenFile(), healthPort, l.idleTimeout(), l.headerTimeout());
      AuthConfig a = c.auth();
      config = new SidecarConfig(listen.apply(withHealth), c.vault(),
          new AuthConfig(AuthMethod.TOKEN, token, a.kubernetes(), a.approle()), c.transit(), c.cache(),
          new KeystoreConfig(keystore, "kasten"), c.rotation(), c.proxy(), c.webhook(), c.log());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sidecar = Sidecar.start(vertx, config, runtime.registry(), Map.of(), Clock.systemUTC()).await();
    port = sidecar.port();
    Http.eventually(Duration.ofSeconds(20), () -> Http.send(Http.request(base(), "/readyz").GET().build())
        .status() == 200);
  }

  /** Without a keystore. */
  static RunningSidecar start(Path dir, UnaryOperator<ListenConfig> listen) {
    return new RunningSidecar(dir, Optional.empty(), listen);
  }

  /** With a keystore whose master key is {@code masterKey} (32 bytes), so derived keys can be checked. */
  public static RunningSidecar withMasterKey(Path dir, byte[] masterKey, UnaryOperator<ListenConfig> listen) {
    return new RunningSidecar(dir, Optional.of(masterKey), listen);
  }

  public String base() {
    return "http://127.0.0.1:" + port;
  }

  private Path createKeystore(Path dir, byte[] masterKey) throws IOException {
    VaultClient client = VaultClient.create(vertx, new VaultConfig(URI.create(engine.address()), Optional.empty(),
        Duration.ofSeconds(5), 0, SidecarConfig.defaults().vault().tls()));
    Path file = dir.resolve("keystore.json");
    Path raw = Files.write(dir.resolve("master.raw"), masterKey);
    try (LockedMemory memory = LockedMemory.allocate(4096, LockMemory.OFF)) {
      new KeystoreAdmin(new KeystoreFile(file), new FixedTokenSession(client, engine.rootToken()), memory,
          Clock.systemUTC(), new SecureRandom(), () -> new char[0])
          .init("transit", "kasten", Optional.of(raw));
    } finally {
      Files.delete(raw);
    }
    return file;
  }

  @Override
  public void close() {
    vertx.close().await();
    engine.close().await();
    engineVertx.close().await();
  }
}
