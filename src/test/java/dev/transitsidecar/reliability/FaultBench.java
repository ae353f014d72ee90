package dev.transitsidecar.reliability;

import dev.transitsidecar.Sidecar;
import dev.transitsidecar.SidecarRuntime;
import dev.transitsidecar.config.AppRoleAuthConfig;
import dev.transitsidecar.config.AuthConfig;
import dev.transitsidecar.config.AuthMethod;
import dev.transitsidecar.config.CacheConfig;
import dev.transitsidecar.config.KeystoreConfig;
import dev.transitsidecar.config.LockMemory;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.config.VaultConfig;
import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.keystore.KeystoreAdmin;
import dev.transitsidecar.keystore.KeystoreFile;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.proxy.AllowList;
import dev.transitsidecar.proxy.PolicyHcl;
import dev.transitsidecar.testing.EngineAppRole;
import dev.transitsidecar.testing.FixedTokenSession;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.TestConfigs;
import dev.transitsidecar.vault.VaultClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Measurement;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * The system under fault: the embedded engine (its own Vert.x, so stopping it is like stopping a process) and a
 * sidecar started as {@code run} starts it, logging in with AppRole (so it can log in again after its token is
 * revoked), with a keystore (so derive works), and the cache timed by {@link Timing}. Over real loopback sockets.
 */
final class FaultBench implements AutoCloseable {
  static final String ROLE = "sidecar";

  /**
   * The timings the bench is configured with.
   *
   * @param vaultTimeout {@code vault.timeout}
   * @param retries {@code vault.retries}
   * @param cacheTtl {@code cache.ttl}: shorter than the outage, so entries go stale during it
   * @param staleIfError {@code cache.staleIfError}: with the TTL, covers the longest outage
   */
  record Timing(Duration vaultTimeout, int retries, Duration cacheTtl, Duration staleIfError) {
    /** What the client of the sidecar can wait at most for a request that fails: every attempt, every backoff. */
    Duration failureBound() {
      return vaultTimeout.multipliedBy(retries + 1L).plusMillis(100L * ((1L << retries) - 1));
    }
  }

  final Vertx engineVertx = Vertx.vertx();
  final DevVault engine;
  final SidecarRuntime runtime = SidecarRuntime.create();
  final Sidecar sidecar;
  final Timing timing;

  FaultBench(Path dir, Timing timing) throws IOException {
    this.timing = timing;
    engine = DevVault.start(engineVertx, DevVaultOptions.defaults().withTransitKeys(List.of("kasten"))).await();
    SidecarConfig base = TestConfigs.sidecar(URI.create(engine.address()));
    engine.putPolicy("transit-sidecar", PolicyHcl.generate(AllowList.of(base.transit())));
    AppRoleAuthConfig appRole = EngineAppRole.enable(engine, dir, ROLE, "transit-sidecar");
    SidecarConfig config = configure(base, appRole, keystore(dir), timing);
    sidecar = Sidecar.start(runtime.vertx(), config, runtime.registry(), Map.of(), Clock.systemUTC()).await();
    Http.eventually(Duration.ofSeconds(20), () -> Http.send(Http.request(base(), "/readyz").GET().build())
        .status() == 200);
  }

  String base() {
    return "http://127.0.0.1:" + sidecar.port();
  }

  int port() {
    return sidecar.port();
  }

  /** The client's attempts so far: {@code answered}, {@code no_answer} or {@code not_sent} (the open circuit). */
  long attempts(String result) {
    FunctionCounter counter = runtime.registry().find("transit.sidecar.vault.attempts").tag("result", result)
        .functionCounter();
    return counter == null ? 0 : (long) counter.count();
  }

  /** Refreshes ahead of the TTL so far, of the decrypt cache and the master key: {@code ok} or {@code failed}. */
  long refreshes(String result) {
    return sum("transit_sidecar_cache_refreshes", "result", result);
  }

  /** Refreshes ahead of the TTL so far of one {@code kind} ({@code decrypt}, {@code master_key}), by result. */
  long refreshes(String kind, String result) {
    return sum("transit_sidecar_cache_refreshes", "kind", kind, "result", result);
  }

  /** Requests so far that found their cached answer or the master key past the TTL and waited for Vault. */
  long waits() {
    return sum("transit_sidecar_cache_waits");
  }

  private long sum(String name, String... tags) {
    return (long) runtime.registry().find(name).tags(tags).meters().stream()
        .flatMap(meter -> StreamSupport.stream(meter.measure().spliterator(), false))
        .mapToDouble(Measurement::getValue).sum();
  }

  long circuitOpened() {
    FunctionCounter counter = runtime.registry().find("transit.sidecar.vault.circuit.opened").functionCounter();
    return counter == null ? 0 : (long) counter.count();
  }

  private static SidecarConfig configure(SidecarConfig c, AppRoleAuthConfig appRole, Path keystore, Timing t) {
    VaultConfig v = c.vault();
    CacheConfig k = c.cache();
    AuthConfig a = c.auth();
    return new SidecarConfig(c.listen(),
        new VaultConfig(v.address(), v.namespace(), t.vaultTimeout(), t.retries(), v.tls()),
        new AuthConfig(AuthMethod.APPROLE, a.tokenFile(), a.kubernetes(), appRole), c.transit(),
        new CacheConfig(t.cacheTtl(), t.staleIfError(), k.maxEntries(), k.maxPlaintextBytes(),
            k.policyCheckInterval(), k.lockMemory(), k.memoryBackend()),
        new KeystoreConfig(Optional.of(keystore), "kasten"), c.rotation(), c.proxy(), c.webhook(), c.log());
  }

  /** A keystore with a fresh master key wrapped by {@code kasten}, as {@code keystore init} makes it. */
  private Path keystore(Path dir) {
    Path file = dir.resolve("keystore.json");
    VaultClient client = VaultClient.create(engineVertx, TestConfigs.sidecar(URI.create(engine.address())).vault());
    try (LockedMemory memory = LockedMemory.allocate(4096, LockMemory.OFF)) {
      new KeystoreAdmin(new KeystoreFile(file), new FixedTokenSession(client, engine.rootToken()), memory,
          Clock.systemUTC(), new SecureRandom(), () -> new char[0])
          .init("transit", "kasten", Optional.empty());
    } finally {
      client.close();
    }
    return file;
  }

  @Override
  public void close() {
    sidecar.close().await();
    runtime.vertx().close().await();
    engine.close().await();
    engineVertx.close().await();
  }
}
