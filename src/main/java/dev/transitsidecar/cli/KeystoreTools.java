package dev.transitsidecar.cli;

import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.keystore.KeystoreAdmin;
import dev.transitsidecar.keystore.KeystoreStore;
import dev.transitsidecar.memory.LockedMemory;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the {@code keystore} commands share: the configuration, a Vert.x of their own, the locked memory the master
 * key passes through, and the Vault session with the configured auth, started only when a command first talks to
 * Vault and awaited on the CLI's thread.
 */
final class KeystoreTools implements AutoCloseable {
  private final Vertx vertx;
  private final SidecarConfig config;
  private final KeystoreStores stores;
  private final LockedMemory memory;
  private final CliSession session;

  private KeystoreTools(Cli cli, Vertx vertx, SidecarConfig config, KeystoreStores stores, LockedMemory memory) {
    this.vertx = vertx;
    this.config = config;
    this.stores = stores;
    this.memory = memory;
    this.session = new CliSession(vertx, config, cli.env());
  }

  /**
   * Loads the configuration and opens the keystore's store (docs/rotation.md, "The keystore in a Secret"); empty
   * (after printing why) when neither {@code keystore.file} nor {@code keystore.secret.name} is set; an
   * {@link dev.transitsidecar.config.InvalidConfigException} when the Secret's Kubernetes configuration is missing.
   */
  static Optional<KeystoreTools> open(Cli cli, ConfigOption option) {
    Vertx vertx = Vertx.vertx();
    try {
      SidecarConfig config = option.load(vertx, cli.env());
      Optional<KeystoreStores> stores = KeystoreStores.open(vertx, config, cli.env());
      if (stores.isEmpty()) {
        cli.err().println("transit-sidecar: keystore.file is not set (config file or SIDECAR_KEYSTORE_FILE), nor is"
            + " keystore.secret.name");
        vertx.close();
        return Optional.empty();
      }
      LockedMemory memory = LockedMemory.allocate(LockedMemory.DEFAULT_CAPACITY, config.cache().lockMemory(),
          config.cache().memoryBackend());
      return Optional.of(new KeystoreTools(cli, vertx, config, stores.get(), memory));
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
  }

  SidecarConfig config() {
    return config;
  }

  KeystoreStore store() {
    return stores.store();
  }

  KeystoreAdmin admin(Supplier<char[]> unlock) {
    return new KeystoreAdmin(stores.store(), session, memory, Clock.systemUTC(), new SecureRandom(), unlock);
  }

  @Override
  public void close() {
    stores.close();
    memory.close();
    session.close();
    vertx.close().await();
  }
}
