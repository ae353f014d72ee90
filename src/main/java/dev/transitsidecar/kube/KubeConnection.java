package dev.transitsidecar.kube;

import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.util.Optional;

/**
 * Where the API server is and how to reach it, from the pod's service account or a kubeconfig: the server's URL,
 * the CA to trust (PEM; the JDK's trust store when absent), a client certificate and key (PEM) and/or a bearer token,
 * the default namespace, and a line naming the source for messages. The key's PEM never reaches {@code toString}.
 */
record KubeConnection(
    URI server,
    Optional<Buffer> caPem,
    Optional<Buffer> clientCertPem,
    Optional<Buffer> clientKeyPem,
    BearerToken token,
    Optional<String> namespace,
    boolean insecureSkipTlsVerify,
    String source) {

  KubeConnection {
    String scheme = server.getScheme();
    if (!"https".equals(scheme) && !"http".equals(scheme) || server.getHost() == null) {
      throw new KubeException(0, "", source + ": the server " + server + " is not an http(s) URL");
    }
    if (clientCertPem.isPresent() != clientKeyPem.isPresent()) {
      throw new KubeException(0, "", source + ": a client certificate needs its key and a key its certificate");
    }
  }

  @Override
  public String toString() {
    return "KubeConnection[" + source + ", server " + server + ", " + token
        + (clientCertPem.isPresent() ? ", client certificate" : "") + "]";
  }
}
