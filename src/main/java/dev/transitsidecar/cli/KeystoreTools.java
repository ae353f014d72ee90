package dev.transitsidecar.cli;

import dev.transitsidecar.auth.Auth;
import dev.transitsidecar.auth.VaultSession;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.keystore.KeystoreAdmin;
import dev.transitsidecar.keystore.KeystoreException;
import dev.transitsidecar.keystore.KeystoreFile;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.time.VertxScheduler;
import dev.transitsidecar.vault.VaultClient;
import dev.transitsidecar.vault.VaultRequest;
import dev.transitsidecar.vault.VaultResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * What the {@code keystore} commands share: the configuration, a Vert.x of their own, the locked memory the master
 * key passes through, and the Vault session with the configured auth, started only when a command first talks to
 * Vault and awaited on the CLI's thread.
 */
final class KeystoreTools implements AutoCloseable {
  private final Cli cli;
  private final Vertx vertx;
  private final SidecarConfig config;
  private final KeystoreFile file;
  private final LockedMemory memory;
  private Auth auth;

  private KeystoreTools(Cli cli, Vertx vertx, SidecarConfig config, KeystoreFile file, LockedMemory memory) {
    this.cli = cli;
    this.vertx = vertx;
    this.config = config;
    this.file = file;
    this.memory = memory;
  }

  /** Loads the configuration; empty (after printing why) when {@code keystore.file} is not set. */
  static Optional<KeystoreTools> open(Cli cli, ConfigOption option) {
    Vertx vertx = Vertx.vertx();
    try {
      SidecarConfig config = option.load(vertx, cli.env());
      if (config.keystore().file().isEmpty()) {
        cli.err().println("transit-sidecar: keystore.file is not set (config file or SIDECAR_KEYSTORE_FILE)");
        vertx.close();
        return Optional.empty();
      }
      LockedMemory memory = LockedMemory.allocate(LockedMemory.DEFAULT_CAPACITY, config.cache().lockMemory());
      return Optional.of(new KeystoreTools(cli, vertx, config, new KeystoreFile(config.keystore().file().get()),
          memory));
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
  }

  SidecarConfig config() {
    return config;
  }

  KeystoreFile file() {
    return file;
  }

  KeystoreAdmin admin(Supplier<char[]> unlock) {
    return new KeystoreAdmin(file, new LazySession(), memory, Clock.systemUTC(), new SecureRandom(), unlock);
  }

  private VaultSession session() {
    if (auth == null) {
      VaultClient client = VaultClient.create(vertx, config.vault());
      auth = Auth.start(vertx, config.auth(), cli.env(), client, new SimpleMeterRegistry(), Clock.systemUTC(),
          VertxScheduler.of(vertx)).await();
      awaitLogin();
    }
    return auth.session();
  }

  /** The first login runs in the background; the CLI waits for it, bounded by the Vault client's own limits. */
  private void awaitLogin() {
    Duration limit = config.vault().timeout().multipliedBy(config.vault().retries() + 1L).plusSeconds(5);
    long deadline = System.nanoTime() + limit.toNanos();
    Optional<String> reason = auth.readiness().notReadyReason();
    while (reason.isPresent() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      reason = auth.readiness().notReadyReason();
    }
    if (reason.isPresent()) {
      throw new KeystoreException("cannot authenticate to Vault at " + config.vault().address() + ": " + reason.get());
    }
  }

  @Override
  public void close() {
    memory.close();
    if (auth != null) {
      auth.close().await();
    }
    vertx.close().await();
  }

  /** A session that authenticates on its first request. */
  private final class LazySession implements VaultSession {
    @Override
    public Future<VaultResponse> send(VaultRequest request) {
      return session().send(request);
    }

    @Override
    public Future<JsonObject> call(String operation, VaultRequest request) {
      return session().call(operation, request);
    }
  }
}
