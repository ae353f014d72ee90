package dev.transitsidecar;

import dev.transitsidecar.auth.Auth;
import dev.transitsidecar.config.CacheConfig;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.http.GracefulStop;
import dev.transitsidecar.memory.Hardening;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.proxy.ClientTokenFile;
import dev.transitsidecar.proxy.LoopbackApi;
import dev.transitsidecar.proxy.LoopbackServices;
import dev.transitsidecar.proxy.LoopbackVerticle;
import dev.transitsidecar.proxy.Readiness;
import dev.transitsidecar.rotate.RotationSchedule;
import dev.transitsidecar.rotate.SeenVersions;
import dev.transitsidecar.time.VertxScheduler;
import dev.transitsidecar.vault.VaultClient;
import dev.transitsidecar.vault.VaultHealthProbe;
import dev.transitsidecar.vault.VaultToken;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running sidecar: the Vault client, the sidecar's Vault identity ({@link Auth}), the Vault reachability probe,
 * the secrets in locked memory ({@link Secrets}: the decrypt cache and, with a keystore, the master key) and the
 * loopback API, deployed on one Vert.x instance. One per process ({@code run} and {@code dev}); tests start several.
 */
public final class Sidecar {
  private static final Duration HEALTH_PROBE_INTERVAL = Duration.ofSeconds(5);
  private static final int SLAB_RESERVE = 4096;
  private static final Logger LOG = LoggerFactory.getLogger(Sidecar.class);

  private final Vertx vertx;
  private final List<String> deployments;
  private final LoopbackVerticle api;
  private final VaultHealthProbe probe;
  private final VaultClient vault;
  private final Auth auth;
  private final Secrets secrets;
  private final Optional<RotationSchedule> rotation;
  private final Runnable unbindReadiness;
  private final GracefulStop stop;
  private Future<Void> authClosed;
  private Future<GracefulStop.Drained> stopped;

  private Sidecar(Vertx vertx, List<String> deployments, LoopbackVerticle api, VaultHealthProbe probe, VaultClient vault,
      Auth auth, Secrets secrets, Optional<RotationSchedule> rotation, Runnable unbindReadiness, GracefulStop stop) {
    this.vertx = vertx;
    this.deployments = deployments.stream().filter(id -> !id.isEmpty()).toList();
    this.api = api;
    this.probe = probe;
    this.vault = vault;
    this.auth = auth;
    this.secrets = secrets;
    this.rotation = rotation;
    this.unbindReadiness = unbindReadiness;
    this.stop = stop;
  }

  /**
   * Starts the sidecar. Fails with a one-line error for what is the user's to fix locally (an unreadable token or
   * client-token file, a configured keystore that is missing or damaged); a Vault that does not answer does not stop
   * the start: the sidecar serves, is not ready, and keeps trying. {@code listen.port} 0 binds a free port when no
   * Unix socket is configured (tests read it back from {@link #port()}); the config loader only accepts port 0
   * together with a socket.
   *
   * The process is hardened (not dumpable, no core files) and the secret memory allocated first (from
   * {@code cache.memoryBackend}); with {@code cache.lockMemory: required} a memory that cannot be locked, and with
   * {@code cache.memoryBackend: memfd_secret} a kernel that refuses memfd_secret, fails the start with a one-line
   * {@code MemoryLockException}.
   *
   * @param env the process environment ({@code VAULT_TOKEN} for the token method)
   */
  public static Future<Sidecar> start(Vertx vertx, SidecarConfig config, PrometheusMeterRegistry registry,
      Map<String, String> env, Clock clock) {
    Hardening hardening = LockedMemory.hardenProcess();
    LOG.info("process hardening: not dumpable={}, core limit 0={}", hardening.nonDumpable(), hardening.coreLimitZero());
    LockedMemory memory;
    try {
      memory = LockedMemory.allocate(slabBytes(config.cache()), config.cache().lockMemory(),
          config.cache().memoryBackend());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    memory.bindTo(registry);
    return start(vertx, config, registry, env, clock, memory)
        .onFailure(e -> memory.close());
  }

  /**
   * Room for every cache entry at its largest (slots are 16-byte aligned) plus {@value #SLAB_RESERVE} bytes for the
   * master key and the temporaries of a derivation; the defaults (16 entries of 64 bytes) need two pages, far inside
   * the 64 KiB of lockable memory many nodes allow.
   */
  static int slabBytes(CacheConfig cache) {
    long entries = (long) cache.maxEntries() * ((cache.maxPlaintextBytes() + 15) / 16 * 16);
    return Math.toIntExact(entries + SLAB_RESERVE);
  }

  private static Future<Sidecar> start(Vertx vertx, SidecarConfig config, PrometheusMeterRegistry registry,
      Map<String, String> env, Clock clock, LockedMemory memory) {
    VaultClient vault = VaultClient.create(vertx, config.vault());
    vault.bindTo(registry);
    Future<Optional<VaultToken>> clientToken = ClientTokenFile.read(vertx, config.listen().clientTokenFile());
    Future<Auth> auth = clientToken
        .compose(read -> Auth.start(vertx, config.auth(), env, vault, registry, clock, VertxScheduler.of(vertx)));
    Future<Secrets> secrets = auth
        .compose(started -> Secrets.start(vertx, config, memory, started.session(), started.firstLogin(), registry,
            clock));
    return secrets
        .compose(held -> deploy(vertx, config, registry, clock, vault, auth.result(), held, clientToken.result()))
        .recover(e -> undoStart(auth, secrets).onComplete(v -> vault.close()).transform(v -> Future.failedFuture(e)));
  }

  /** After a failed start: stops what did start (the slab itself is closed by the caller). */
  private static Future<Void> undoStart(Future<Auth> auth, Future<Secrets> secrets) {
    if (secrets.succeeded()) {
      secrets.result().closeHolders();
    }
    return auth.succeeded() ? auth.result().close() : Future.succeededFuture();
  }

  private static Future<Sidecar> deploy(Vertx vertx, SidecarConfig config, PrometheusMeterRegistry registry,
      Clock clock, VaultClient vault, Auth auth, Secrets secrets, Optional<VaultToken> clientToken) {
    VaultHealthProbe probe = new VaultHealthProbe(vault).start(vertx, HEALTH_PROBE_INTERVAL);
    GracefulStop stop = new GracefulStop("the loopback API", config.listen().shutdownGrace(),
        drainLimit(config), VertxScheduler.of(vertx), clock);
    Readiness readiness = new Readiness(secrets.readiness(List.of(stop.readiness(), auth.readiness())));
    Meter ready = readiness.bindTo(registry);
    LoopbackServices services = new LoopbackServices(config, auth.session(), readiness, registry,
        secrets.status(List.of(auth.status(), probe)), clientToken, clock, secrets.cache(),
        secrets.derivedKeys(registry, clock));
    LoopbackVerticle api = LoopbackVerticle.forListen(config.listen(), (v, s) -> LoopbackApi.handler(v, services, s),
        stop);
    Future<String> health = config.listen().healthPort() == 0
        ? Future.succeededFuture("")
        : vertx.deployVerticle(new LoopbackVerticle(new HttpServerOptions().setHost("0.0.0.0")
            .setPort(config.listen().healthPort()), config.listen().timeouts(),
            (v, s) -> s.tracked(LoopbackApi.healthRouter(v, readiness, registry, secrets.cache().seen())), stop));
    return health
        .compose(healthId -> vertx.deployVerticle(api).map(id -> new Sidecar(vertx, List.of(id, healthId), api, probe,
            vault, auth, secrets, scheduleRotation(vertx, config, clock, auth, secrets), () -> registry.remove(ready),
            stop)))
        .onFailure(e -> {
          probe.stop(vertx);
          registry.remove(ready);
        });
  }

  /**
   * With {@code rotation.interval} above zero, rotates {@code keystore.transitKey} on schedule with the sidecar's own
   * token (which then needs the rotation policy too); the interlock uses the versions this sidecar decrypted through
   * its proxy (not its master key's unwraps: the keystore it rewrites is the one its next unwrap reads).
   */
  private static Optional<RotationSchedule> scheduleRotation(Vertx vertx, SidecarConfig config, Clock clock, Auth auth,
      Secrets secrets) {
    if (!config.rotation().interval().isPositive()) {
      return Optional.empty();
    }
    SeenVersions seen = (mount, key) -> Future.succeededFuture(SeenVersions.Report.answered("this sidecar",
        secrets.cache().seen().decryptedThroughTheProxy(mount, key)));
    return Optional.of(RotationSchedule.start(vertx, auth.session(), secrets.memory(), config, seen, clock,
        VertxScheduler.of(vertx)));
  }

  /**
   * How long requests in flight may take to finish once the listeners closed: the longest a request to Vault can
   * take (every attempt at {@code vault.timeout}, and the backoffs between them), and a second for writing the
   * answers.
   */
  static Duration drainLimit(SidecarConfig config) {
    return VaultClient.longestRequest(config.vault()).plusSeconds(1);
  }

  /** The TCP port of the loopback API, or -1 when TCP is off. */
  public int port() {
    return api.actualPort();
  }

  /**
   * Stops gracefully (docs/reliability.md#shutdown): {@code /readyz} answers 503 and token renewal, the Vault health
   * probe and scheduled rotation stop at once; the API keeps serving for {@code listen.shutdownGrace}, then stops
   * accepting and finishes every request in flight (at most {@link #drainLimit}); then everything is closed, the
   * slab (wiped and unmapped) last.
   */
  public synchronized Future<GracefulStop.Drained> stop() {
    if (stopped == null) {
      stopped = stop.stop(this::stopBackgroundWork).compose(drained -> close().map(drained));
    }
    return stopped;
  }

  /**
   * Renewal, the probe, rotation and the cache's refreshes ahead; the token in hand stays usable for the requests
   * still served.
   */
  private synchronized Future<Void> stopBackgroundWork() {
    rotation.ifPresent(RotationSchedule::close);
    secrets.stopRefreshingAhead();
    probe.stop(vertx);
    if (authClosed == null) {
      authClosed = auth.close();
    }
    return authClosed;
  }

  /** Closes at once: requests in flight are cut (tests, and a start that failed half-way use it). */
  public Future<Void> close() {
    Future<Void> background = stopBackgroundWork();
    unbindReadiness.run();
    return Future.all(deployments.stream().map(vertx::undeploy).toList())
        .compose(v -> background)
        .andThen(v -> vault.close())
        .andThen(v -> secrets.close());
  }
}
