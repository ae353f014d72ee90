package dev.transitsidecar.devvault;

import java.time.Duration;
import java.util.List;

/**
 * Configures a Kubernetes auth mount of a {@link DevVault} from Java, standing in for a cluster: roles as
 * {@code auth/<mount>/role/<name>} would define them, and the service-account JWTs that a TokenReview would accept.
 * Thread-safe; changes apply to the next login.
 */
public final class KubernetesAuth {
  private final KubernetesBackend backend;

  KubernetesAuth(KubernetesBackend backend) {
    this.backend = backend;
  }

  /** The mount, for example {@code auth/kubernetes}. */
  public String mountPath() {
    return backend.mountPath();
  }

  /**
   * Defines (or replaces) a role.
   *
   * @param serviceAccountNames bound service account names; {@code *} globs as in Vault
   * @param namespaces bound namespaces; {@code *} globs as in Vault
   * @param policies token policies ({@code default} is added)
   * @param ttl token TTL; zero for the system default
   */
  public KubernetesAuth role(String name, List<String> serviceAccountNames, List<String> namespaces,
      List<String> policies, Duration ttl) {
    backend.putRole(new KubernetesBackend.Role(name, serviceAccountNames, namespaces, policies, ttl));
    return this;
  }

  /** Makes {@code jwt} a valid token of service account {@code name} in {@code namespace}. */
  public KubernetesAuth serviceAccount(String jwt, String name, String namespace) {
    backend.acceptJwt(jwt, name, namespace);
    return this;
  }
}
