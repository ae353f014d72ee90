package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonObject;
import java.time.Clock;

/**
 * Enables and disables auth methods ({@code approle}, {@code kubernetes}) under {@code auth/}. Disabling a mount
 * revokes the tokens it issued, as Vault does.
 */
final class AuthMethods {
  private final Mounts mounts;
  private final TokenStore tokens;
  private final Ids ids;
  private final Clock clock;

  AuthMethods(Mounts mounts, TokenStore tokens, Ids ids, Clock clock) {
    this.mounts = mounts;
    this.tokens = tokens;
    this.ids = ids;
    this.clock = clock;
  }

  void enable(String path, String type) {
    String mount = Mounts.normalize(path);
    if (mount.isEmpty()) {
      throw VaultError.badRequest("missing path");
    }
    Backend backend = switch (type) {
      case "approle" -> new AppRoleBackend("auth/" + mount, tokens, ids, clock);
      case "kubernetes" -> new KubernetesBackend("auth/" + mount, tokens, ids);
      case "" -> throw VaultError.badRequest("backend type must be specified as a string");
      case "token" -> throw VaultError.badRequest("token credential backend cannot be instantiated");
      default -> throw VaultError.badRequest("plugin not found in the catalog: " + type);
    };
    mounts.mount("auth/" + mount, backend);
  }

  void disable(String path) {
    String mount = Mounts.normalize(path);
    if (mount.equals("token")) {
      throw VaultError.badRequest("token credential backend cannot be disabled");
    }
    mounts.unmount("auth/" + mount).ifPresent(b -> tokens.revokeByPathPrefix("auth/" + mount + "/"));
  }

  /** The Kubernetes method at {@code path}, enabling it when the path is free. */
  KubernetesBackend kubernetes(String path) {
    String mount = Mounts.normalize(path);
    return mounts.at("auth/" + mount)
        .map(b -> b instanceof KubernetesBackend k ? k : null)
        .orElseGet(() -> {
          enable(mount, "kubernetes");
          return (KubernetesBackend) mounts.at("auth/" + mount).orElseThrow();
        });
  }

  /** {@code GET sys/auth}: each mount as {@code "path/": {type, description, ...}}. */
  JsonObject describe() {
    JsonObject out = new JsonObject();
    mounts.authMounts().forEach((path, backend) -> out.put(path, new JsonObject()
        .put("type", backend.type())
        .put("description", backend.type().equals("token") ? "token based credentials" : "")
        .put("accessor", "auth_" + backend.type() + "_" + Integer.toHexString(path.hashCode()))
        .put("local", false)
        .put("seal_wrap", false)
        .put("options", null)
        .put("config", new JsonObject().put("default_lease_ttl", 0).put("max_lease_ttl", 0))));
    return out;
  }
}
