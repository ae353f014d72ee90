package dev.transitsidecar.keystore;

import dev.transitsidecar.auth.NotAuthenticated;
import dev.transitsidecar.auth.VaultSession;
import dev.transitsidecar.config.CacheConfig;
import dev.transitsidecar.derive.Hkdf;
import dev.transitsidecar.derive.KeySource;
import dev.transitsidecar.http.ReadinessCheck;
import dev.transitsidecar.http.SidecarException;
import dev.transitsidecar.http.StatusContributor;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.memory.SecretBytes;
import dev.transitsidecar.seen.DecryptedVersions;
import dev.transitsidecar.time.Cancellable;
import dev.transitsidecar.time.RefreshPoint;
import dev.transitsidecar.time.Scheduler;
import dev.transitsidecar.vault.VaultRejected;
import dev.transitsidecar.vault.VaultUnavailable;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's master key (docs/design.md, "The keystore"), held only in locked memory. It is unwrapped through Transit with
 * the keystore's in-use passkey (the file is read again before each unwrap, so a {@code use-passkey} or a rotation
 * is picked up) and checked against the keystore's {@code key_id}. It is kept for {@code cache.ttl} and unwrapped
 * again in the background ahead of that, at a {@link RefreshPoint} (75 to 85 % of the TTL), the new copy replacing
 * and wiping the old one, so a derive never waits for Vault while Vault answers. Past the TTL, while an unwrap is in
 * flight or the last one found Vault down (no answer, a 5xx, or no valid token), the held copy is served at once up
 * to {@code ttl + staleIfError} and then wiped; any other failure (Vault refusing the decrypt, a changed or damaged
 * keystore, a key that does not match {@code key_id}) wipes it at once. Concurrent unwraps are one (single flight);
 * while Vault is down, uses of the held key start another unwrap at most every {@link #RETRY_PAUSE}. Thread-safe.
 */
public final class MasterKey implements KeySource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MasterKey.class);
  /**
   * While Vault is down, how often a use of the stale key may start another unwrap in the background. Without it,
   * every derive would start one (each failing at once while the Vault client's circuit is open, and each logged).
   */
  static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
  /** The descriptions the decrypt cache gives the same metrics (a name has one description). */
  private static final String REFRESHES =
      "Cached answers and the master key fetched again ahead of their TTL, by result";
  private static final String WAITS = "Requests that waited for Vault for an answer the cache held past its TTL";

  private final Vertx vertx;
  private final KeystoreFile file;
  private final VaultSession session;
  private final LockedMemory memory;
  private final Duration ttl;
  private final Duration servable;
  private final Clock clock;
  private final Scheduler scheduler;
  private final RefreshPoint refreshPoint;
  private volatile boolean refreshingAhead = true;
  private final Optional<DecryptedVersions> seen;
  private final KeyState state = new KeyState();
  /** Until the first login completes, a readiness probe does not start an unwrap (it could only fail). */
  private volatile boolean awaitingLogin = true;
  private final LongAdder unwraps = new LongAdder();
  private final LongAdder failedUnwraps = new LongAdder();
  private final LongAdder refreshes = new LongAdder();
  private final LongAdder failedRefreshes = new LongAdder();
  private final LongAdder waits = new LongAdder();
  private volatile Runnable unbind = () -> { };

  private MasterKey(Vertx vertx, KeystoreFile file, VaultSession session, LockedMemory memory, CacheConfig cache,
      Clock clock, Scheduler scheduler, DoubleSupplier random, Optional<DecryptedVersions> seen) {
    this.vertx = vertx;
    this.file = file;
    this.session = session;
    this.memory = memory;
    this.ttl = cache.ttl();
    this.servable = cache.ttl().plus(cache.staleIfError());
    this.clock = clock;
    this.scheduler = scheduler;
    this.refreshPoint = new RefreshPoint(cache.ttl(), random);
    this.seen = seen;
  }

  /**
   * Reads the keystore (a missing or damaged one fails the start with a one-line {@link KeystoreException}: the
   * sidecar never makes a master key of its own) and starts the first unwrap in the background.
   *
   * @param random draws each refresh point (uniform in [0, 1))
   */
  public static Future<MasterKey> start(Vertx vertx, KeystoreFile file, VaultSession session, LockedMemory memory,
      CacheConfig cache, Clock clock, Scheduler scheduler, DoubleSupplier random) {
    return start(vertx, file, session, memory, cache, clock, scheduler, random, Future.succeededFuture());
  }

  /**
   * As {@link #start(Vertx, KeystoreFile, VaultSession, LockedMemory, CacheConfig, Clock, Scheduler,
   * DoubleSupplier)}, with the first unwrap started once {@code firstLogin} completes (an unwrap before the sidecar
   * holds a token can only fail, and the next would wait for a readiness probe).
   */
  public static Future<MasterKey> start(Vertx vertx, KeystoreFile file, VaultSession session, LockedMemory memory,
      CacheConfig cache, Clock clock, Scheduler scheduler, DoubleSupplier random, Future<Void> firstLogin) {
    return start(vertx, file, session, memory, cache, clock, scheduler, random, firstLogin, Optional.empty());
  }

  /**
   * As {@link #start(Vertx, KeystoreFile, VaultSession, LockedMemory, CacheConfig, Clock, Scheduler, DoubleSupplier,
   * Future)}, with each successful unwrap recorded in {@code seen} as a decrypt of its ciphertext's version (the
   * rotation interlock then never locks out the version the keystore this sidecar reads is wrapped with).
   */
  public static Future<MasterKey> start(Vertx vertx, KeystoreFile file, VaultSession session, LockedMemory memory,
      CacheConfig cache, Clock clock, Scheduler scheduler, DoubleSupplier random, Future<Void> firstLogin,
      Optional<DecryptedVersions> seen) {
    MasterKey key = new MasterKey(vertx, file, session, memory, cache, clock, scheduler, random, seen);
    return key.readKeystore()
        .map(keystore -> {
          key.state.read(keystore);
          firstLogin.onComplete(loggedIn -> {
            key.awaitingLogin = false;
            key.refresh();
          });
          return key;
        });
  }

  /**
   * Runs {@code use} over the master key while it is held (unwrapping it first when needed) and answers its result.
   * {@code use} runs with the key pinned: it must be short and must not keep the buffer or a copy. Past the TTL,
   * while an unwrap is in flight or the last one found Vault down, the held key is served at once (up to
   * {@code ttl + staleIfError}); otherwise it waits for a new unwrap. A use past the refresh point whose refresh
   * failed starts another in the background (at most once per {@link #RETRY_PAUSE}). Fails with a 503
   * {@link SidecarException} when the key is not available.
   */
  @Override
  public <T> Future<T> use(BiFunction<SecretBytes, String, T> use) {
    Instant now = clock.instant();
    Optional<T> fresh = state.applyIfYoungerThan(now, ttl, use);
    if (fresh.isPresent()) {
      refreshIfDue(now);
      return Future.succeededFuture(fresh.get());
    }
    if (state.unwrapping() || state.lastWasOutage()) {
      Optional<T> stale = state.applyIfYoungerThan(now, servable, use);
      if (stale.isPresent()) {
        refreshIfDue(now);
        return Future.succeededFuture(stale.get());
      }
    }
    if (state.holdsYoungerThan(now, servable)) {
      waits.increment();
    }
    return refresh().transform(done -> {
      Optional<T> result = state.applyIfYoungerThan(clock.instant(), servable, use);
      return result.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(unavailable(done.cause())));
    });
  }

  /**
   * Starts a refresh when refreshing ahead (not once the stop began), the held key is past its refresh point, none is
   * running, and none failed lately.
   */
  private void refreshIfDue(Instant now) {
    if (refreshingAhead && state.refreshDue(now, RETRY_PAUSE)) {
      refresh();
    }
  }

  /**
   * One unwrap at a time: a caller that comes while one is running gets that one. An unwrap that has completed but
   * whose bookkeeping ({@code finished}) has not run yet no longer counts as running, so a refresh asked for in that
   * moment (the TTL timer, a use just past the TTL) is not lost.
   */
  private Future<Void> refresh() {
    synchronized (state) {
      Optional<Future<Void>> running = state.refreshing().filter(unwrap -> !unwrap.isComplete());
      if (running.isPresent()) {
        return running.get();
      }
      boolean ahead = state.holdsYoungerThan(clock.instant(), ttl);
      Future<Void> unwrap = readKeystore()
          .compose(this::unwrap)
          .onSuccess(this::install)
          .mapEmpty();
      state.refreshing(unwrap);
      unwrap.onComplete(done -> finished(unwrap, ahead, done.cause()));
      return unwrap;
    }
  }

  private Future<Unwrapped> unwrap(Keystore keystore) {
    state.read(keystore);
    if (!(keystore.inUse() instanceof TransitPasskey transit)) {
      return Future.failedFuture(new KeystoreException("the in-use passkey " + keystore.inUse().name() + " is a "
          + "passphrase passkey; the sidecar unwraps only vault-transit passkeys (keystore use-passkey)"));
    }
    return TransitWrapping.unwrap(session, memory, transit)
        .map(secret -> checked(keystore, transit, secret))
        .onSuccess(unwrapped -> seen.ifPresent(s -> s.recordUnwrap(transit.mount(), transit.key(),
            transit.version())));
  }

  private static Unwrapped checked(Keystore keystore, TransitPasskey passkey, SecretBytes secret) {
    String keyId = secret.exposeTo(Hkdf::keyId);
    if (!keyId.equals(keystore.keyId())) {
      secret.close();
      throw new KeystoreException("the key unwrapped with passkey " + passkey.name() + " does not match the "
          + "keystore's key_id");
    }
    return new Unwrapped(secret, passkey.name(), keyId);
  }

  private void install(Unwrapped unwrapped) {
    Instant now = clock.instant();
    Duration refreshIn = refreshPoint.next();
    state.hold(unwrapped.secret(), unwrapped.keyId(), now, now.plus(refreshIn));
    Cancellable again = scheduler.schedule(refreshIn, () -> {
      if (refreshingAhead) {
        refresh();
      }
    });
    Cancellable wipe = scheduler.schedule(servable, () -> state.wipeIfOlderThan(clock.instant(), servable));
    state.timers(again, wipe);
    LOG.info("master key unwrapped with passkey {} (key_id {})", unwrapped.passkey(), state.keyId());
  }

  /**
   * Records how the unwrap ended ({@code ahead}: started while the held key was within its TTL, so it counts as a
   * refresh; one a request waited for does not); a failure is logged at WARN when its reason differs from the last
   * one's.
   */
  private void finished(Future<Void> unwrap, boolean ahead, Throwable failure) {
    (failure == null ? unwraps : failedUnwraps).increment();
    if (ahead) {
      (failure == null ? refreshes : failedRefreshes).increment();
    }
    String before = state.lastError();
    state.refreshDone(unwrap, failure == null ? null : reason(failure), failure != null && outage(failure),
        clock.instant());
    if (failure != null && !outage(failure)) {
      state.wipe();
    }
    if (failure != null && !reason(failure).equals(before)) {
      LOG.warn("master key: {}", reason(failure));
    } else if (failure != null) {
      LOG.debug("master key: {}", reason(failure));
    }
  }

  private Future<Keystore> readKeystore() {
    return vertx.fileSystem().props(file.path().toString())
        .compose(props -> {
          KeystoreFile.requireSize(file.path(), props.size());
          return vertx.fileSystem().readFile(file.path().toString());
        })
        .recover(e -> Future.failedFuture(e instanceof KeystoreException ? e : new KeystoreException(
            e.getCause() instanceof NoSuchFileException
                ? "keystore " + file.path() + " does not exist: create it with `keystore init`"
                : "cannot read keystore " + file.path() + ": " + e.getClass().getSimpleName())))
        .map(bytes -> KeystoreFile.parse(file.path(), bytes));
  }

  /** Vault is down (no answer, a 5xx, no valid token): a held key may still be served, up to its limit. */
  static boolean outage(Throwable failure) {
    return failure instanceof VaultUnavailable || failure instanceof NotAuthenticated
        || (failure instanceof VaultRejected rejected && rejected.status() >= 500);
  }

  private static String reason(Throwable failure) {
    return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
  }

  private static SidecarException unavailable(Throwable failure) {
    return SidecarException.upstream(503, "master key not available"
        + (failure == null ? "" : ": " + reason(failure)));
  }

  /** Ready when the key is held, or the last unwrap worked; otherwise the reason (and another unwrap is started). */
  public ReadinessCheck readiness() {
    return () -> {
      Optional<String> reason = state.notReadyReason();
      if (reason.isPresent() && !awaitingLogin && state.refreshing().isEmpty()) {
        refresh();
      }
      return reason.map(r -> "master key: " + r);
    };
  }

  /** The {@code keystore} status section: file, key_id, passkeys, cached, age_seconds, last_error; never a secret. */
  public StatusContributor status() {
    return new StatusContributor() {
      @Override
      public String section() {
        return "keystore";
      }

      @Override
      public io.vertx.core.json.JsonObject status() {
        return state.status(clock.instant()).put("file", file.path().toString())
            .put("refreshes", new io.vertx.core.json.JsonObject().put("ok", refreshes.sum())
                .put("failed", failedRefreshes.sum()))
            .put("waits", waits.sum());
      }
    };
  }

  /**
   * The master key's metrics: {@code transit_sidecar_master_key_unwraps_total{result}} (success, failure) and
   * {@code transit_sidecar_master_key_available} (1 while derived keys can be served, as {@code /readyz} judges it),
   * and beside the decrypt cache's, {@code transit_sidecar_cache_refreshes_total{kind="master_key",result}} (ok,
   * failed: unwraps that replaced a held key) and {@code transit_sidecar_cache_waits_total{kind="master_key"}} (uses
   * that found the key past its TTL and waited for Vault).
   */
  public void bindTo(MeterRegistry registry) {
    List<Meter> meters = List.of(
        FunctionCounter.builder("transit.sidecar.master.key.unwraps", unwraps, LongAdder::doubleValue)
            .tag("result", "success").description("Unwraps of the master key through Transit, by result")
            .register(registry),
        FunctionCounter.builder("transit.sidecar.master.key.unwraps", failedUnwraps, LongAdder::doubleValue)
            .tag("result", "failure").description("Unwraps of the master key through Transit, by result")
            .register(registry),
        Gauge.builder("transit.sidecar.master.key.available", state, s -> s.notReadyReason().isEmpty() ? 1 : 0)
            .description("1 while the master key is held or was last unwrapped, 0 while it cannot be")
            .strongReference(true).register(registry),
        FunctionCounter.builder("transit_sidecar_cache_refreshes", refreshes, LongAdder::doubleValue)
            .tag("kind", "master_key").tag("result", "ok").description(REFRESHES).register(registry),
        FunctionCounter.builder("transit_sidecar_cache_refreshes", failedRefreshes, LongAdder::doubleValue)
            .tag("kind", "master_key").tag("result", "failed").description(REFRESHES).register(registry),
        FunctionCounter.builder("transit_sidecar_cache_waits", waits, LongAdder::doubleValue)
            .tag("kind", "master_key").description(WAITS).register(registry));
    unbind = () -> meters.forEach(registry::remove);
  }

  /**
   * No more unwraps ahead of the TTL from now on (the stop's grace began), neither at the refresh point nor by a use
   * past it; a request that needs the key past its TTL still unwraps it, as before refresh ahead.
   */
  public void stopRefreshingAhead() {
    refreshingAhead = false;
  }

  /** Cancels the timers, wipes the key and removes its metrics. */
  @Override
  public void close() {
    state.wipe();
    unbind.run();
  }

  private record Unwrapped(SecretBytes secret, String passkey, String keyId) {}
}
