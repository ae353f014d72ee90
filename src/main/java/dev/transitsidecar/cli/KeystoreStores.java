package dev.transitsidecar.cli;

import dev.transitsidecar.config.InvalidConfigException;
import dev.transitsidecar.config.KeystoreSecret;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.keystore.FileKeystoreStore;
import dev.transitsidecar.keystore.KeystoreFile;
import dev.transitsidecar.keystore.KeystoreStore;
import dev.transitsidecar.keystore.SecretKeystoreStore;
import dev.transitsidecar.kube.KubeClient;
import dev.transitsidecar.kube.KubeException;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where {@code rotate} and the {@code keystore} commands find the keystore: the Secret of {@code keystore.secret.*}
 * when its name is set (through the API server, configured from the pod's service account or a kubeconfig; the
 * namespace defaults to the client's own), else the file {@code keystore.file}. Only these commands load the
 * Kubernetes client; {@code run} reads the mounted file and never comes here.
 */
final class KeystoreStores implements AutoCloseable {
  private final KeystoreStore store;
  private final Optional<KubeClient> client;

  private KeystoreStores(KeystoreStore store, Optional<KubeClient> client) {
    this.store = store;
    this.client = client;
  }

  /**
   * The configured store; empty when there is none (no {@code keystore.file}, no {@code keystore.secret.name}). A
   * configuration problem (no Kubernetes configuration, no namespace) is an {@link InvalidConfigException}: one
   * line, exit 2. (No exception type of its own: picocli loads every command's class, and {@code run} must load
   * nothing of the Secret's store.)
   */
  static Optional<KeystoreStores> open(Vertx vertx, SidecarConfig config, Map<String, String> env) {
    Optional<KeystoreSecret> secret = config.keystore().secret();
    if (secret.isEmpty()) {
      return config.keystore().file()
          .map(file -> new KeystoreStores(new FileKeystoreStore(new KeystoreFile(file)), Optional.empty()));
    }
    KubeClient client;
    try {
      client = KubeClient.discover(vertx, env);
    } catch (KubeException e) {
      throw new InvalidConfigException(List.of("keystore.secret.name: set, but the Kubernetes API is not configured: "
          + e.getMessage()));
    }
    Optional<String> namespace = secret.get().namespace().or(client::namespace);
    if (namespace.isEmpty()) {
      client.close();
      throw new InvalidConfigException(List.of("keystore.secret.namespace: not set, and " + client.describe()
          + " names no namespace"));
    }
    return Optional.of(new KeystoreStores(new SecretKeystoreStore(client, namespace.get(), secret.get().name(),
        secret.get().key()), Optional.of(client)));
  }

  KeystoreStore store() {
    return store;
  }

  /** The Kubernetes client of the Secret's store; empty for a file. */
  Optional<KubeClient> client() {
    return client;
  }

  @Override
  public void close() {
    client.ifPresent(KubeClient::close);
  }

}
