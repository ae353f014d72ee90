package dev.transitsidecar.cli;

import dev.transitsidecar.auth.VaultSession;
import dev.transitsidecar.config.KeystoreConfig;
import dev.transitsidecar.config.LockMemory;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.config.TransitConfig;
import dev.transitsidecar.config.VaultConfig;
import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.keystore.KeystoreAdmin;
import dev.transitsidecar.keystore.KeystoreException;
import dev.transitsidecar.keystore.KeystoreFile;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.vault.VaultClient;
import dev.transitsidecar.vault.VaultRequest;
import dev.transitsidecar.vault.VaultResponse;
import dev.transitsidecar.vault.VaultToken;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** {@code dev}'s keystore: a fresh master key in the temporary folder, wrapped by the engine's first Transit key. */
final class DevKeystore {
  private DevKeystore() {}

  /** Creates the keystore at {@code file} with the engine's root token, as an operator would run {@code init}. */
  static Path create(Vertx vertx, DevVault engine, TransitConfig transit, Path file) {
    VaultClient client = VaultClient.create(vertx, new VaultConfig(URI.create(engine.address()), Optional.empty(),
        Duration.ofSeconds(5), 0, SidecarConfig.defaults().vault().tls()));
    Optional<VaultToken> root = Optional.of(VaultToken.of(engine.rootToken()));
    VaultSession session = new VaultSession() {
      @Override
      public Future<VaultResponse> send(VaultRequest request) {
        return client.send(request, root);
      }

      @Override
      public Future<JsonObject> call(String operation, VaultRequest request) {
        return client.call(operation, request, root);
      }
    };
    try (LockedMemory memory = LockedMemory.allocate(LockedMemory.DEFAULT_CAPACITY, LockMemory.OFF)) {
      new KeystoreAdmin(new KeystoreFile(file), session, memory, Clock.systemUTC(), new SecureRandom(), () -> {
        throw new KeystoreException("dev mode has no passphrase passkey");
      }).init(transit.mount(), transit.keys().getFirst(), Optional.empty());
    }
    return file;
  }

  static SidecarConfig use(SidecarConfig c, Path keystore) {
    return new SidecarConfig(c.listen(), c.vault(), c.auth(), c.transit(), c.cache(),
        new KeystoreConfig(Optional.of(keystore), c.transit().keys().getFirst()), c.rotation(), c.proxy(), c.webhook(),
        c.log());
  }
}
