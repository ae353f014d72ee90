package dev.transitsidecar;

import dev.transitsidecar.auth.VaultSession;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.derive.DerivedKeys;
import dev.transitsidecar.http.ReadinessCheck;
import dev.transitsidecar.http.StatusContributor;
import dev.transitsidecar.keystore.KeystoreFile;
import dev.transitsidecar.keystore.MasterKey;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.time.VertxScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The process's secrets: the one slab of locked memory ({@code cache.lockMemory}) and, when {@code keystore.file}
 * is set, the master key held in it. A keystore that is configured but missing or damaged stops the start.
 */
record Secrets(LockedMemory memory, Optional<MasterKey> masterKey) {
  static Future<Secrets> start(Vertx vertx, SidecarConfig config, VaultSession session, MeterRegistry registry,
      Clock clock) {
    LockedMemory memory;
    try {
      memory = LockedMemory.allocate(LockedMemory.DEFAULT_CAPACITY, config.cache().lockMemory());
      memory.bindTo(registry);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    if (config.keystore().file().isEmpty()) {
      return Future.succeededFuture(new Secrets(memory, Optional.empty()));
    }
    return MasterKey.start(vertx, new KeystoreFile(config.keystore().file().get()), session, memory, config.cache(),
            clock, VertxScheduler.of(vertx))
        .map(key -> new Secrets(memory, Optional.of(key)))
        .onFailure(e -> memory.close());
  }

  List<ReadinessCheck> readiness(List<ReadinessCheck> others) {
    List<ReadinessCheck> all = new ArrayList<>(others);
    masterKey.ifPresent(key -> all.add(key.readiness()));
    return all;
  }

  List<StatusContributor> status(List<StatusContributor> others) {
    List<StatusContributor> all = new ArrayList<>(others);
    all.add(memory.status());
    masterKey.ifPresent(key -> all.add(key.status()));
    return all;
  }

  Optional<DerivedKeys> derivedKeys(MeterRegistry registry, Clock clock) {
    return masterKey.map(key -> new DerivedKeys(key, memory, registry, clock));
  }

  void close() {
    masterKey.ifPresent(MasterKey::close);
    memory.close();
  }
}
