package dev.transitsidecar.kube;

import java.util.regex.Pattern;

/** Kubernetes object and namespace names as they may appear in a request path (DNS subdomain, up to 253). */
final class ObjectNames {
  private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

  private ObjectNames() {}

  static boolean valid(String name) {
    return name != null && name.length() <= 253 && SUBDOMAIN.matcher(name).matches();
  }
}
