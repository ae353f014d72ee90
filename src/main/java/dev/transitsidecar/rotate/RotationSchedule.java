package dev.transitsidecar.rotate;

import dev.transitsidecar.auth.NotAuthenticated;
import dev.transitsidecar.auth.VaultSession;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.keystore.KeystoreFile;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.time.Cancellable;
import dev.transitsidecar.time.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled rotation in the running sidecar ({@code rotation.interval} above zero): the next rotation is due
 * {@code interval} after the creation time of the key's newest version, read from Vault, so the schedule survives
 * restarts and counts a rotation made by hand or by the {@code rotate} command. After a run (or a failure) the key
 * is read again; a key that is still due (the run failed, or only finished an earlier rotation) is tried again after
 * {@link #RETRY} at the soonest; a key that cannot be read is tried again after {@link #RETRY} too (after
 * {@link #LOGIN_WAIT} while the sidecar is still logging in). The interlock uses the versions this sidecar decrypted itself.
 */
public final class RotationSchedule implements AutoCloseable {
  static final Duration RETRY = Duration.ofMinutes(5);
  /** How soon to read the key again while the sidecar has not logged in yet (at start). */
  static final Duration LOGIN_WAIT = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(RotationSchedule.class);

  private final KeyAdmin admin;
  private final Rotation rotation;
  private final Duration interval;
  private final OptionalInt minDecryptionVersion;
  private final Clock clock;
  private final Scheduler scheduler;
  private Cancellable next = () -> { };
  private boolean closed;

  private RotationSchedule(KeyAdmin admin, Rotation rotation, SidecarConfig config, Clock clock, Scheduler scheduler) {
    this.admin = admin;
    this.rotation = rotation;
    this.interval = config.rotation().interval();
    this.minDecryptionVersion = config.rotation().minDecryptionVersion();
    this.clock = clock;
    this.scheduler = scheduler;
  }

  /** Reads the key and schedules the next rotation of {@code keystore.transitKey} on {@code transit.mount}. */
  public static RotationSchedule start(Vertx vertx, VaultSession session, LockedMemory memory, SidecarConfig config,
      SeenVersions seen, Clock clock, Scheduler scheduler) {
    String mount = config.transit().mount();
    String key = config.keystore().transitKey();
    Rotation rotation = Rotation.of(vertx, session, memory, mount, key, config.keystore().file().map(KeystoreFile::new),
        seen, line -> LOG.info("scheduled rotation: {}", line));
    RotationSchedule schedule = new RotationSchedule(new KeyAdmin(session, mount, key), rotation, config, clock,
        scheduler);
    schedule.plan(Duration.ZERO);
    return schedule;
  }

  /** When the key is due, from its newest version; for tests and the log. */
  Instant dueAt(KeyInfo key) {
    return key.newest().plus(interval);
  }

  private void plan(Duration atLeast) {
    admin.read()
        .map(key -> {
          Instant due = dueAt(key);
          Duration delay = Duration.between(clock.instant(), due);
          LOG.info("next rotation of {} due at {} (v{} made at {})", admin.name(), due, key.latestVersion(),
              key.newest());
          return delay.compareTo(atLeast) < 0 ? atLeast : delay;
        })
        .otherwise(e -> {
          if (e instanceof NotAuthenticated) {
            LOG.debug("scheduled rotation: waiting for the sidecar's login to read {}", admin.name());
            return LOGIN_WAIT;
          }
          LOG.warn("scheduled rotation: cannot read {}: {}; trying again in {}", admin.name(), e.getMessage(), RETRY);
          return RETRY;
        })
        .onSuccess(this::schedule);
  }

  private synchronized void schedule(Duration delay) {
    if (!closed) {
      next = scheduler.schedule(delay, this::run);
    }
  }

  private void run() {
    rotation.run(RotationOptions.scheduled(minDecryptionVersion))
        .onSuccess(result -> result.heldBack().ifPresentOrElse(
            reason -> LOG.warn("scheduled rotation held back: {}", reason),
            () -> LOG.info("scheduled rotation done: {} at v{}, min_decryption_version {}", result.key(),
                result.latestVersion(), result.minDecryptionVersion())))
        .onFailure(e -> LOG.warn("scheduled rotation of {} failed: {}", admin.name(), e.getMessage()))
        .eventually(() -> {
          plan(RETRY);
          return Future.succeededFuture();
        });
  }

  @Override
  public synchronized void close() {
    closed = true;
    next.cancel();
  }
}
