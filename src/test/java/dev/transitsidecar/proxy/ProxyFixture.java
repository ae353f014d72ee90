package dev.transitsidecar.proxy;

import dev.transitsidecar.SidecarRuntime;
import dev.transitsidecar.cache.DecryptCache;
import dev.transitsidecar.config.AuthConfig;
import dev.transitsidecar.config.KubernetesAuthConfig;
import dev.transitsidecar.config.ListenConfig;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.config.VaultConfig;
import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.devvault.SeenRequest;
import dev.transitsidecar.devvault.TokenSpec;
import dev.transitsidecar.http.ReadinessCheck;
import dev.transitsidecar.http.StatusContributor;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.testing.SecretLedger;
import dev.transitsidecar.testing.FakeClock;
import dev.transitsidecar.testing.FakeScheduler;
import dev.transitsidecar.testing.FixedTokenSession;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.Http.Answer;
import dev.transitsidecar.testing.TestConfigs;
import dev.transitsidecar.vault.VaultClient;
import dev.transitsidecar.vault.VaultToken;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The embedded engine with the generated least-privilege policy, a sidecar token that carries only that policy,
 * and the full loopback API in front of it on a free port. Blocking helpers for tests.
 */
final class ProxyFixture implements AutoCloseable {
  private static final java.net.http.HttpClient CLIENT = java.net.http.HttpClient.newHttpClient();
  static final String CLIENT_TOKEN = "pod-local-client-token-0123456789";
  /** The pod's service-account token, as the kubelet mounts it in every container of the pod. */
  static {
    SecretLedger.record(SecretLedger.Kind.CLIENT_TOKEN, CLIENT_TOKEN);
  }

  static final String POD_JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6azEwOmsxMC1rMTAifQ.c2ln";

  final Vertx vertx;
  final PrometheusMeterRegistry registry;
  final DevVault engine;
  final String sidecarToken;
  final FixedTokenSession session;
  final FakeClock clock = new FakeClock();
  /** Drives the decrypt cache's expiry and policy checks together with {@link #clock}. */
  final FakeScheduler scheduler = new FakeScheduler(clock);
  final LockedMemory memory;
  final DecryptCache cache;
  final AtomicReference<String> notReady = new AtomicReference<>();
  final SidecarConfig config;
  final String base;
  final int port;

  private ProxyFixture(UnaryOperator<SidecarConfig> tweak, Optional<String> clientToken) {
    SidecarRuntime runtime = SidecarRuntime.create();
    vertx = runtime.vertx();
    registry = runtime.registry();
    engine = DevVault.start(vertx, DevVaultOptions.defaults().withPort(0).withTransitKeys(List.of("kasten"))).await();
    SidecarConfig defaults = SidecarConfig.defaults();
    engine.putPolicy("transit-sidecar", PolicyHcl.generate(AllowList.of(defaults.transit())));
    sidecarToken = engine.createToken(TokenSpec.of("transit-sidecar"));
    config = tweak.apply(withServiceAccountToken(TestConfigs.sidecar(java.net.URI.create(engine.address()))));
    session = new FixedTokenSession(VaultClient.create(vertx, config.vault()), sidecarToken);
    ReadinessCheck check = () -> Optional.ofNullable(notReady.get());
    StatusContributor auth = new StatusContributor() {
      @Override
      public String section() {
        return "auth";
      }

      @Override
      public JsonObject status() {
        return new JsonObject().put("method", "token").put("renewable", true);
      }
    };
    memory = LockedMemory.allocate(LockedMemory.DEFAULT_CAPACITY, config.cache().lockMemory());
    cache = DecryptCache.start(config.cache(), config.transit(), memory, session, registry, clock, scheduler,
        () -> 0.5);
    LoopbackServices services = new LoopbackServices(config, session, new Readiness(List.of(check)), registry,
        List.of(auth, cache.status()), clientToken.map(VaultToken::of), clock, cache);
    LoopbackVerticle api = LoopbackVerticle.forListen(config.listen(), (v, stop) -> LoopbackApi.handler(v, services, stop));
    vertx.deployVerticle(api).await();
    port = api.actualPort();
    base = "http://127.0.0.1:" + port;
  }

  static ProxyFixture start() {
    return new ProxyFixture(c -> c, Optional.empty());
  }

  static ProxyFixture withClientToken() {
    return new ProxyFixture(c -> c, Optional.of(CLIENT_TOKEN));
  }

  static ProxyFixture with(UnaryOperator<SidecarConfig> tweak) {
    return new ProxyFixture(tweak, Optional.empty());
  }

  /** The configuration with a shorter Vault timeout and no retries, for the slow-Vault tests. */
  static SidecarConfig fastTimeout(SidecarConfig c, Duration timeout, int retries) {
    VaultConfig v = c.vault();
    return new SidecarConfig(c.listen(), new VaultConfig(v.address(), v.namespace(), timeout, retries, v.tls()),
        c.auth(), c.transit(), c.cache(), c.keystore(), c.rotation(), c.proxy(), c.webhook(), c.log());
  }

  private static SidecarConfig withServiceAccountToken(SidecarConfig c) {
    try {
      java.nio.file.Path file = java.nio.file.Files.createTempFile("serviceaccount-token", "");
      file.toFile().deleteOnExit();
      java.nio.file.Files.writeString(file, POD_JWT + "\n");
      AuthConfig a = c.auth();
      KubernetesAuthConfig k = a.kubernetes();
      AuthConfig auth = new AuthConfig(a.method(), a.tokenFile(),
          new KubernetesAuthConfig(k.role(), k.mountPath(), file), a.approle());
      return new SidecarConfig(c.listen(), c.vault(), auth, c.transit(), c.cache(), c.keystore(), c.rotation(),
          c.proxy(), c.webhook(), c.log());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static SidecarConfig maxBody(SidecarConfig c, int bytes) {
    ListenConfig l = c.listen();
    return new SidecarConfig(new ListenConfig(l.address(), l.port(), l.unixSocket(), l.requireRequestHeader(), bytes,
        l.clientTokenFile(), l.healthPort()), c.vault(), c.auth(), c.transit(), c.cache(), c.keystore(), c.rotation(), c.proxy(),
        c.webhook(), c.log());
  }

  HttpRequest.Builder request(String path) {
    return Http.request(base, path).header("X-Vault-Request", "true");
  }

  Answer post(String path, String json) {
    return Http.send(request(path).header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(json)).build());
  }

  Answer post(String path, JsonObject json) {
    return post(path, json.encode());
  }

  Answer get(String path) {
    return Http.send(request(path).GET().build());
  }

  Answer method(String method, String path) {
    return Http.send(request(path).method(method, BodyPublishers.noBody()).build());
  }

  /** The full response, headers included. */
  java.net.http.HttpResponse<String> exchange(HttpRequest request) {
    try {
      return CLIENT.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What the engine received since the last {@link #forgetSeen()}. */
  List<SeenRequest> seen() {
    return engine.requests();
  }

  void forgetSeen() {
    engine.clearRequests();
  }

  @Override
  public void close() {
    vertx.close().await();
    cache.close();
    memory.close();
  }
}
