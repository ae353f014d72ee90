package dev.transitsidecar.kube;

import java.util.regex.Pattern;

/**
 * A kind of API object by its REST coordinates: API group ({@code ""} for the core group), version and plural
 * resource name, and whether its objects live in a namespace. For example K10's Vault passkeys:
 * {@code ResourceType.cluster("vault.kio.kasten.io", "v1alpha1", "passkeys")}.
 */
public record ResourceType(String group, String version, String plural, boolean namespaced) {
  private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

  public ResourceType {
    if (!group.isEmpty() && !DNS_NAME.matcher(group).matches() || !DNS_NAME.matcher(version).matches()
        || !DNS_NAME.matcher(plural).matches()) {
      throw new IllegalArgumentException("not an API group, version and resource: " + group + "/" + version + "/"
          + plural);
    }
  }

  public static ResourceType namespaced(String group, String version, String plural) {
    return new ResourceType(group, version, plural, true);
  }

  public static ResourceType cluster(String group, String version, String plural) {
    return new ResourceType(group, version, plural, false);
  }

  /** {@code v1} for the core group, else {@code group/version}: the objects' {@code apiVersion}. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /**
   * The collection's path: {@code /api/v1/namespaces/ns/pods}, {@code /apis/g/v/plural}. {@code namespace} is
   * required for a namespaced type and must be null for a cluster-scoped one.
   */
  String collectionPath(String namespace) {
    String root = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    if (namespaced) {
      if (namespace == null || !ObjectNames.valid(namespace)) {
        throw new IllegalArgumentException(plural + " live in a namespace: give a valid one (was " + namespace + ")");
      }
      return root + "/namespaces/" + namespace + "/" + plural;
    }
    if (namespace != null) {
      throw new IllegalArgumentException(plural + " are cluster-scoped: pass no namespace");
    }
    return root + "/" + plural;
  }

  String objectPath(String namespace, String name) {
    if (!ObjectNames.valid(name)) {
      throw new IllegalArgumentException("not a valid object name: " + name);
    }
    return collectionPath(namespace) + "/" + name;
  }
}
