package dev.transitsidecar.auth;

import dev.transitsidecar.config.KubernetesAuthConfig;
import dev.transitsidecar.vault.VaultToken;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * {@code auth.method: kubernetes}: {@code POST auth/<mountPath>/login} with the role and the service-account JWT,
 * read again from its file at every login (projected tokens rotate).
 */
final class KubernetesLogin implements Login {
  private static final String SETTING = "auth.kubernetes.serviceAccountTokenFile";

  private final Vertx vertx;
  private final TokenCalls calls;
  private final KubernetesAuthConfig config;
  private final String role;
  private final String mount;

  private KubernetesLogin(Vertx vertx, TokenCalls calls, KubernetesAuthConfig config, String role) {
    this.vertx = vertx;
    this.calls = calls;
    this.config = config;
    this.role = role;
    this.mount = Mounts.normalize(config.mountPath());
  }

  /** Fails with {@link LocalProblem} when no role is configured. */
  static KubernetesLogin create(Vertx vertx, TokenCalls calls, KubernetesAuthConfig config) {
    String role = config.role().filter(r -> !r.isBlank())
        .orElseThrow(() -> new LocalProblem("auth.kubernetes.role is not set (it is required with auth.method kubernetes)"));
    return new KubernetesLogin(vertx, calls, config, role);
  }

  @Override
  public String method() {
    return "kubernetes";
  }

  @Override
  public String describe() {
    return "kubernetes login as role \"" + role + "\" at auth/" + mount;
  }

  @Override
  public boolean issuesTokens() {
    return true;
  }

  @Override
  public Future<Void> check() {
    return SecretFiles.read(vertx, config.serviceAccountTokenFile(), SETTING).mapEmpty();
  }

  @Override
  public Future<VaultToken> obtain() {
    return SecretFiles.read(vertx, config.serviceAccountTokenFile(), SETTING)
        .map(jwt -> new JsonObject().put("role", role).put("jwt", jwt.revealForLogin()))
        .compose(body -> calls.login(mount, body));
  }
}
