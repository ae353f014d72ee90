package dev.transitsidecar.devvault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The Kubernetes auth method without a Kubernetes API: roles and the service-account JWTs it accepts are registered
 * from Java ({@link KubernetesAuth}); a registered JWT stands in for a successful TokenReview. {@code login} follows
 * {@code vault-plugin-auth-kubernetes} {@code path_login.go} (docs/vault-api.md section 3.4). The maps are concurrent
 * because tests configure them while the server runs.
 */
final class KubernetesBackend implements Backend {
  record Role(String name, List<String> serviceAccountNames, List<String> namespaces, List<String> policies,
      Duration ttl) {
    Role {
      serviceAccountNames = List.copyOf(serviceAccountNames);
      namespaces = List.copyOf(namespaces);
      policies = List.copyOf(policies);
    }
  }

  record ServiceAccount(String name, String namespace, String uid) {}

  private final String mountPath;
  private final TokenStore tokens;
  private final Ids ids;
  private final Map<String, Role> roles = new ConcurrentHashMap<>();
  private final Map<String, ServiceAccount> jwts = new ConcurrentHashMap<>();

  KubernetesBackend(String mountPath, TokenStore tokens, Ids ids) {
    this.mountPath = mountPath;
    this.tokens = tokens;
    this.ids = ids;
  }

  String mountPath() {
    return mountPath;
  }

  void putRole(Role role) {
    roles.put(role.name(), role);
  }

  void acceptJwt(String jwt, String name, String namespace) {
    jwts.put(jwt, new ServiceAccount(name, namespace, ids.uuid()));
  }

  @Override
  public String type() {
    return "kubernetes";
  }

  @Override
  public boolean unauthenticated(String path) {
    return path.equals("login");
  }

  @Override
  public Reply handle(Call call) {
    if (!call.path().equals("login")) {
      throw Call.unsupportedPath();
    }
    if (call.op() != Operation.UPDATE) {
      throw Call.unsupportedOperation();
    }
    return login(call.fields());
  }

  private Reply login(FieldData f) {
    String roleName = f.string("role");
    if (roleName.isEmpty()) {
      throw VaultError.badRequest("missing role");
    }
    String jwt = f.string("jwt");
    if (jwt.isEmpty()) {
      throw VaultError.badRequest("missing jwt");
    }
    Role role = roles.get(roleName);
    if (role == null) {
      throw VaultError.badRequest("invalid role name \"" + roleName + "\"");
    }
    ServiceAccount sa = jwts.get(jwt);
    if (sa == null) {
      throw VaultError.permissionDenied();
    }
    if (!matchesAny(role.serviceAccountNames(), sa.name())) {
      throw new VaultError(403, "service account name not authorized");
    }
    if (!matchesAny(role.namespaces(), sa.namespace())) {
      throw new VaultError(403, "namespace not authorized");
    }
    return issue(role, sa);
  }

  private Reply issue(Role role, ServiceAccount sa) {
    Map<String, String> meta = Map.of(
        "role", role.name(),
        "service_account_name", sa.name(),
        "service_account_namespace", sa.namespace(),
        "service_account_secret_name", "",
        "service_account_uid", sa.uid());
    TokenDraft draft = new TokenDraft(Policies.sanitize(role.policies(), true), mountPath + "/login",
        "kubernetes-" + sa.namespace() + "-" + sa.name(), meta, Lifetime.of(role.ttl(), Duration.ZERO), 0, null,
        sa.uid());
    return Reply.auth(tokens.create(draft));
  }

  /** Vault's {@code strutil.StrListContainsGlob}: {@code *} matches any run of characters. */
  static boolean matchesAny(List<String> globs, String value) {
    for (String glob : globs) {
      String regex = Pattern.quote(glob).replace("*", "\\E.*\\Q");
      if (value.matches(regex)) {
        return true;
      }
    }
    return false;
  }
}
