package dev.transitsidecar.cache;

import dev.transitsidecar.SidecarRuntime;
import dev.transitsidecar.config.CacheConfig;
import dev.transitsidecar.config.LockMemory;
import dev.transitsidecar.config.MemoryBackend;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.config.VaultConfig;
import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.testing.FakeClock;
import dev.transitsidecar.testing.FakeScheduler;
import dev.transitsidecar.testing.FixedTokenSession;
import dev.transitsidecar.vault.VaultClient;
import dev.transitsidecar.vault.VaultRequest;
import dev.transitsidecar.vault.VaultResponse;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A {@link DecryptCache} in front of the embedded engine (root token, no retries), with a fake clock and scheduler,
 * its own slab and registry. Blocking helpers for tests.
 */
final class CacheFixture implements AutoCloseable {
  static final Duration TTL = Duration.ofMinutes(15);
  static final Duration STALE = Duration.ofMinutes(5);
  /** Longer than TTL + staleIfError, so that key reads do not take the engine's faults meant for a decrypt. */
  static final Duration POLICY_INTERVAL = Duration.ofDays(1);
  /** The refresh point's draw: the middle, so entries are fetched again at 80 % of the TTL (12 minutes). */
  static final double JITTER = 0.5;
  static final Duration REFRESH_AT = Duration.ofMinutes(12);

  final Vertx vertx;
  final PrometheusMeterRegistry registry;
  final DevVault engine;
  final FixedTokenSession session;
  final FakeClock clock = new FakeClock();
  final FakeScheduler scheduler = new FakeScheduler(clock);
  final LockedMemory memory;
  final DecryptCache cache;

  private CacheFixture(UnaryOperator<CacheConfig> tweak) {
    SidecarRuntime runtime = SidecarRuntime.create();
    vertx = runtime.vertx();
    registry = runtime.registry();
    engine = DevVault.start(vertx, DevVaultOptions.defaults().withPort(0).withTransitKeys(List.of("kasten"))).await();
    SidecarConfig defaults = SidecarConfig.defaults();
    VaultConfig vault = new VaultConfig(URI.create(engine.address()), Optional.empty(), Duration.ofSeconds(2), 0,
        defaults.vault().tls());
    session = new FixedTokenSession(VaultClient.create(vertx, vault), engine.rootToken());
    CacheConfig config = tweak.apply(new CacheConfig(TTL, STALE, 16, 64, POLICY_INTERVAL, LockMemory.PREFERRED,
        MemoryBackend.AUTO));
    memory = LockedMemory.allocate(LockedMemory.DEFAULT_CAPACITY, config.lockMemory());
    cache = DecryptCache.start(config, defaults.transit(), memory, session, registry, clock, scheduler,
        () -> JITTER);
  }

  static CacheFixture start() {
    return new CacheFixture(c -> c);
  }

  static CacheFixture with(UnaryOperator<CacheConfig> tweak) {
    return new CacheFixture(tweak);
  }

  static CacheConfig maxEntries(CacheConfig c, int n) {
    return new CacheConfig(c.ttl(), c.staleIfError(), n, c.maxPlaintextBytes(), c.policyCheckInterval(),
        c.lockMemory(), c.memoryBackend());
  }

  static CacheConfig policyEvery(CacheConfig c, Duration interval) {
    return new CacheConfig(c.ttl(), c.staleIfError(), c.maxEntries(), c.maxPlaintextBytes(), interval,
        c.lockMemory(), c.memoryBackend());
  }

  /** The engine's ciphertext of {@code plaintext}. */
  String encrypt(byte[] plaintext) {
    JsonObject body = new JsonObject().put("plaintext", Base64.getEncoder().encodeToString(plaintext));
    return session.call("encrypt", VaultRequest.post("/v1/transit/encrypt/kasten", body)).await()
        .getJsonObject("data").getString("ciphertext");
  }

  static JsonObject decryptBody(String ciphertext) {
    return new JsonObject().put("ciphertext", ciphertext);
  }

  /** A decrypt through the cache, which asks the engine as the proxy would. */
  Future<VaultResponse> decryptAsync(JsonObject body) {
    return cache.decrypt("kasten", body.toBuffer(), () -> session.send(VaultRequest.post("/v1/transit/decrypt/kasten",
        body)));
  }

  VaultResponse decrypt(String ciphertext) {
    return decryptAsync(decryptBody(ciphertext)).await();
  }

  /** The base64 plaintext of a decrypt answer. */
  static String plaintextOf(VaultResponse response) {
    return new JsonObject(response.body()).getJsonObject("data").getString("plaintext");
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** How many decrypts reached the engine. */
  long engineDecrypts() {
    return engine.requests().stream().filter(r -> r.path().contains("/decrypt/")).count();
  }

  void rootCall(String uri, JsonObject body) {
    session.call("admin", VaultRequest.post(uri, body)).await();
  }

  double counter(String name, String... tags) {
    var search = registry.find(name);
    return tags.length == 0 ? search.counter().count() : search.tags(tags).counter().count();
  }

  double entries() {
    return registry.get("transit_sidecar_cache_entries").gauge().value();
  }

  @Override
  public void close() {
    vertx.close().await();
    cache.close();
    memory.close();
  }
}
