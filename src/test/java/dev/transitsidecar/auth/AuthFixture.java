package dev.transitsidecar.auth;

import dev.transitsidecar.testing.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.config.AppRoleAuthConfig;
import dev.transitsidecar.config.AuthConfig;
import dev.transitsidecar.config.AuthMethod;
import dev.transitsidecar.config.KubernetesAuthConfig;
import dev.transitsidecar.config.TlsConfig;
import dev.transitsidecar.config.VaultConfig;
import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.devvault.TokenSpec;
import dev.transitsidecar.testing.FakeClock;
import dev.transitsidecar.testing.FakeScheduler;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.vault.VaultClient;
import dev.transitsidecar.vault.VaultRequest;
import dev.transitsidecar.vault.VaultToken;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * One embedded Vault on a fake clock, a fake scheduler on the same clock, a Vault client with no retries, a
 * Prometheus registry and a log capture. Every credential a test hands out is recorded with {@link #secret}, and
 * {@link #close()} asserts that none of them appears in any captured log line.
 */
final class AuthFixture implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(10);
  /** Pins the jitter to its lowest value: grace is exactly 10% of the TTL, renewal at exactly 70%. */
  static final RandomGenerator NO_JITTER = () -> 0L;

  final Vertx vertx = Vertx.vertx();
  final FakeClock clock = new FakeClock();
  final FakeScheduler scheduler = new FakeScheduler(clock);
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final LogCapture logs = new LogCapture();
  final Map<String, String> env = new HashMap<>();
  final DevVault vault;
  final VaultClient client;
  final Path dir;
  private final List<String> secrets = new ArrayList<>();
  private final List<Auth> started = new ArrayList<>();

  AuthFixture(Path dir) {
    this.dir = dir;
    this.vault = DevVault.start(vertx, DevVaultOptions.defaults().withPort(0).withClock(clock)
        .withTransitKeys(List.of("kasten"))).await();
    secret(vault.rootToken());
    vault.putPolicy("kasten", "path \"transit/encrypt/kasten\" { capabilities = [\"update\"] }");
    this.client = VaultClient.create(vertx, new VaultConfig(URI.create(vault.address()), Optional.empty(),
        Duration.ofSeconds(5), 0, new TlsConfig(Optional.empty(), Optional.empty(), false)));
  }

  /** Records a credential that must never be logged; returns it. */
  String secret(String value) {
    secrets.add(value);
    return value;
  }

  String token(TokenSpec spec) {
    return secret(vault.createToken(spec));
  }

  Path write(String name, String content) {
    try {
      Path file = dir.resolve(name);
      Files.writeString(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  AuthConfig tokenMethod(Path tokenFile) {
    return new AuthConfig(AuthMethod.TOKEN, tokenFile, kubernetesConfig(Optional.empty(), dir.resolve("jwt")),
        new AppRoleAuthConfig("approle", Optional.empty(), Optional.empty()));
  }

  AuthConfig kubernetesMethod(String role, Path jwtFile) {
    return new AuthConfig(AuthMethod.KUBERNETES, dir.resolve("none"), kubernetesConfig(Optional.of(role), jwtFile),
        new AppRoleAuthConfig("approle", Optional.empty(), Optional.empty()));
  }

  AuthConfig appRoleMethod(Path roleIdFile, Path secretIdFile) {
    return new AuthConfig(AuthMethod.APPROLE, dir.resolve("none"), kubernetesConfig(Optional.empty(), dir.resolve("j")),
        new AppRoleAuthConfig("approle", Optional.of(roleIdFile), Optional.of(secretIdFile)));
  }

  private static KubernetesAuthConfig kubernetesConfig(Optional<String> role, Path jwt) {
    return new KubernetesAuthConfig(role, "kubernetes", jwt);
  }

  /** A kubernetes role {@code k10} for service account {@code k10-sa} in {@code kasten-io}, and a JWT file for it. */
  Path kubernetesRole(Duration ttl) {
    String jwt = secret("eyJhbGciOiJSUzI1NiJ9.k10-sa-jwt-" + System.nanoTime());
    vault.kubernetes("kubernetes").role("k10", List.of("k10-sa"), List.of("kasten-io"), List.of("kasten"), ttl)
        .serviceAccount(jwt, "k10-sa", "kasten-io");
    return write("jwt", jwt);
  }

  /** Enables AppRole at {@code approle} with a role {@code sidecar}; returns {role-id file, secret-id file}. */
  Path[] appRole(String tokenTtl, String tokenMaxTtl) {
    String root = vault.rootToken();
    call(VaultRequest.post("/v1/sys/auth/approle", new JsonObject().put("type", "approle")), root);
    call(VaultRequest.post("/v1/auth/approle/role/sidecar", new JsonObject().put("token_policies", "kasten")
        .put("token_ttl", tokenTtl).put("token_max_ttl", tokenMaxTtl)), root);
    String roleId = secret(call(VaultRequest.get("/v1/auth/approle/role/sidecar/role-id"), root)
        .getJsonObject("data").getString("role_id"));
    String secretId = secret(call(VaultRequest.post("/v1/auth/approle/role/sidecar/secret-id", new JsonObject()), root)
        .getJsonObject("data").getString("secret_id"));
    return new Path[] {write("role-id", roleId), write("secret-id", secretId)};
  }

  JsonObject call(VaultRequest request, String token) {
    return client.call("test", request, Optional.of(VaultToken.of(token))).await();
  }

  Auth start(AuthConfig config) {
    Auth auth = startAsync(config).await();
    started.add(auth);
    return auth;
  }

  Future<Auth> startAsync(AuthConfig config) {
    return Auth.start(vertx, config, env, client, registry, clock, scheduler, NO_JITTER);
  }

  Auth startAuthenticated(AuthConfig config) {
    Auth auth = start(config);
    eventually(() -> auth.state().authenticated());
    return auth;
  }

  static void eventually(BooleanSupplier condition) {
    Http.eventually(WAIT, condition);
  }

  /** The value of one Prometheus sample line, e.g. {@code transit_sidecar_authenticated}. */
  double metric(String sample) {
    return registry.scrape().lines()
        .filter(l -> l.startsWith(sample + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no sample " + sample + " in\n" + registry.scrape()));
  }

  long requestsTo(String path) {
    return vault.requests().stream().filter(r -> r.path().equals(path)).count();
  }

  /** Runs the next timer and waits until {@code after} holds. */
  void runNextUntil(BooleanSupplier after) {
    assertThat(scheduler.runNext()).as("a timer is pending").isPresent();
    eventually(after);
  }

  @Override
  public void close() {
    started.forEach(a -> a.close().await());
    try {
      List<String> lines = logs.lines();
      for (String secret : secrets) {
        assertThat(lines).as("log lines").noneMatch(l -> l.contains(secret));
      }
    } finally {
      logs.close();
      vault.close().await();
      vertx.close().await();
    }
  }
}
