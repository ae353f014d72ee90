package dev.transitsidecar;

import dev.transitsidecar.auth.VaultSession;
import dev.transitsidecar.cache.DecryptCache;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.derive.DerivedKeys;
import dev.transitsidecar.http.ReadinessCheck;
import dev.transitsidecar.http.StatusContributor;
import dev.transitsidecar.keystore.KeystoreFile;
import dev.transitsidecar.keystore.MasterKey;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.time.RefreshPoint;
import dev.transitsidecar.seen.DecryptedVersions;
import dev.transitsidecar.time.VertxScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The slab and what holds secrets in it: the decrypt cache and, when {@code keystore.file} is set, the master key.
 * A keystore that is configured but missing or damaged stops the start. Closed last, wiping everything.
 */
record Secrets(LockedMemory memory, DecryptCache cache, Optional<MasterKey> masterKey) {
  static Future<Secrets> start(Vertx vertx, SidecarConfig config, LockedMemory memory, VaultSession session,
      Future<Void> firstLogin, MeterRegistry registry, Clock clock) {
    DecryptedVersions seen = new DecryptedVersions(clock, config.cache().ttl());
    Future<Optional<MasterKey>> masterKey = config.keystore().file()
        .map(file -> MasterKey.start(vertx, new KeystoreFile(file), session, memory, config.cache(), clock,
            VertxScheduler.of(vertx), RefreshPoint.UNIFORM, firstLogin, Optional.of(seen)).map(key -> {
              key.bindTo(registry);
              return Optional.of(key);
            }))
        .orElse(Future.succeededFuture(Optional.empty()));
    return masterKey.map(key -> {
      seen.bindTo(registry);
      return new Secrets(memory, DecryptCache.start(config.cache(), config.transit(), memory, session, registry, clock,
          VertxScheduler.of(vertx), RefreshPoint.UNIFORM, seen), key);
    });
  }

  List<ReadinessCheck> readiness(List<ReadinessCheck> others) {
    List<ReadinessCheck> all = new ArrayList<>(others);
    masterKey.ifPresent(key -> all.add(key.readiness()));
    return all;
  }

  List<StatusContributor> status(List<StatusContributor> others) {
    List<StatusContributor> all = new ArrayList<>(others);
    all.add(memory.status());
    all.add(cache.status());
    masterKey.ifPresent(key -> all.add(key.status()));
    return all;
  }

  Optional<DerivedKeys> derivedKeys(MeterRegistry registry, Clock clock) {
    return masterKey.map(key -> new DerivedKeys(key, memory, registry, clock));
  }

  /** The background refreshes of the cache and the master key stop (requests are still answered). */
  void stopRefreshingAhead() {
    cache.stopRefreshingAhead();
    masterKey.ifPresent(MasterKey::stopRefreshingAhead);
  }

  /** Wipes what the cache and the master key hold; the slab itself is closed by its owner on a failed start. */
  void closeHolders() {
    cache.close();
    masterKey.ifPresent(MasterKey::close);
  }

  void close() {
    closeHolders();
    memory.close();
  }
}
