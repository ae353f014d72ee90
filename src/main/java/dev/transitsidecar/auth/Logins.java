package dev.transitsidecar.auth;

import dev.transitsidecar.config.AuthConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;

/** The {@link Login} for {@code auth.method}. */
final class Logins {
  private Logins() {}

  /** Fails with {@link LocalProblem} when a setting the method needs is missing or {@code VAULT_TOKEN} is unusable. */
  static Future<Login> create(Vertx vertx, AuthConfig config, Map<String, String> env, TokenCalls calls) {
    try {
      return Future.succeededFuture(switch (config.method()) {
        case TOKEN -> TokenFileLogin.create(vertx, config.tokenFile(), env);
        case KUBERNETES -> KubernetesLogin.create(vertx, calls, config.kubernetes());
        case APPROLE -> AppRoleLogin.create(vertx, calls, config.approle());
      });
    } catch (LocalProblem e) {
      return Future.failedFuture(e);
    }
  }
}
