package dev.transitsidecar.config;

import static dev.transitsidecar.config.ConfigSchema.AUTH_APPROLE_ROLE_ID_FILE;
import static dev.transitsidecar.config.ConfigSchema.AUTH_APPROLE_SECRET_ID_FILE;
import static dev.transitsidecar.config.ConfigSchema.AUTH_K8S_ROLE;
import static dev.transitsidecar.config.ConfigSchema.AUTH_METHOD;
import static dev.transitsidecar.config.ConfigSchema.KEYSTORE_SECRET_NAME;
import static dev.transitsidecar.config.ConfigSchema.KEYSTORE_SECRET_NAMESPACE;
import static dev.transitsidecar.config.ConfigSchema.LISTEN_PORT;
import static dev.transitsidecar.config.ConfigSchema.LISTEN_UNIX_SOCKET;

import java.util.List;
import java.util.Optional;

/** Rules across keys. Each runs only when the keys it reads are valid on their own. */
final class CrossChecks {
  private CrossChecks() {}

  static void check(Settings s, List<String> problems) {
    if (s.valid(LISTEN_PORT, LISTEN_UNIX_SOCKET)
        && s.get(LISTEN_PORT) == 0
        && s.get(LISTEN_UNIX_SOCKET).isEmpty()) {
      problems.add("listen.unixSocket: required when listen.port is 0 (TCP off)");
    }
    if (s.valid(KEYSTORE_SECRET_NAME, KEYSTORE_SECRET_NAMESPACE) && s.get(KEYSTORE_SECRET_NAME).isEmpty()
        && s.get(KEYSTORE_SECRET_NAMESPACE).isPresent()) {
      problems.add("keystore.secret.name: required when keystore.secret.namespace is set");
    }
    if (!s.valid(AUTH_METHOD)) {
      return;
    }
    switch (s.get(AUTH_METHOD)) {
      case KUBERNETES -> require(s, AUTH_K8S_ROLE, "kubernetes", problems);
      case APPROLE -> {
        require(s, AUTH_APPROLE_ROLE_ID_FILE, "approle", problems);
        require(s, AUTH_APPROLE_SECRET_ID_FILE, "approle", problems);
      }
      case TOKEN -> { }
    }
  }

  private static void require(
      Settings s, Key<? extends Optional<?>> key, String method, List<String> problems) {
    if (s.valid(key) && s.get(key).isEmpty()) {
      problems.add(key.path() + ": required when auth.method is " + method);
    }
  }
}
