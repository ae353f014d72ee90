package dev.transitsidecar.auth;

/** Auth mount paths as users write them: {@code kubernetes}, {@code /kubernetes/}, {@code auth/kubernetes}. */
final class Mounts {
  private Mounts() {}

  /** The path under {@code auth/}, without surrounding slashes: {@code kubernetes}. */
  static String normalize(String mountPath) {
    String path = mountPath.strip().replaceAll("^/+|/+$", "");
    return path.startsWith("auth/") ? path.substring("auth/".length()) : path;
  }
}
