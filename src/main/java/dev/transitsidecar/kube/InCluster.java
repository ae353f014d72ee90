package dev.transitsidecar.kube;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The pod's own service account: the API server at {@code KUBERNETES_SERVICE_HOST}:{@code KUBERNETES_SERVICE_PORT}
 * (443 when unset) over TLS, trusting {@code ca.crt}, with the {@code token} file read again before each call, and the
 * pod's namespace from the {@code namespace} file, all in {@value #DEFAULT_DIR}.
 */
final class InCluster {
  static final String DEFAULT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

  private InCluster() {}

  /** Whether this looks like a pod with a service account token: the host variable set and the token file there. */
  static boolean available(Map<String, String> env, Path dir) {
    String host = env.get("KUBERNETES_SERVICE_HOST");
    return host != null && !host.isBlank() && Files.isRegularFile(dir.resolve("token"));
  }

  static KubeConnection connection(Map<String, String> env, Path dir) {
    String source = "the pod's service account (" + dir + ")";
    String host = env.getOrDefault("KUBERNETES_SERVICE_HOST", "").strip();
    if (host.isEmpty()) {
      throw new KubeException(0, "", "not in a Kubernetes pod: KUBERNETES_SERVICE_HOST is not set");
    }
    String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443").strip();
    if (!port.matches("[0-9]{1,5}")) {
      throw new KubeException(0, "", "KUBERNETES_SERVICE_PORT is not a port number: " + port);
    }
    Path token = dir.resolve("token");
    if (!Files.isRegularFile(token)) {
      throw new KubeException(0, "", source + ": no token file " + token
          + " (is automountServiceAccountToken false?)");
    }
    URI server = URI.create("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    return new KubeConnection(server, Optional.of(read(dir.resolve("ca.crt"), source)), Optional.empty(),
        Optional.empty(), BearerToken.file(token), namespace(dir.resolve("namespace")), false, source);
  }

  private static Buffer read(Path file, String source) {
    try {
      return Buffer.buffer(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new KubeException(0, "", source + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static Optional<String> namespace(Path file) {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()).filter(ObjectNames::valid);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
