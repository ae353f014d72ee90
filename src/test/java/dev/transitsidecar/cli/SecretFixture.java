package dev.transitsidecar.cli;

import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.kube.KubeClient;
import dev.transitsidecar.kube.ResourceType;
import dev.transitsidecar.testing.KubeApiMock;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * The rotation fixture with the keystore in a Secret: fabric8's mock API server (CRUD), or a real API server's
 * kubeconfig, in {@code KUBECONFIG}, and {@code keystore.secret.*} naming Secret {@value #NAMESPACE}/{@value #NAME} in
 * place of {@code keystore.file}. Reads the Secret as the API server has it (on the mock's side; through the API).
 */
final class SecretFixture implements AutoCloseable {
  static final String NAMESPACE = "apps";
  static final String NAME = "transit-keystore";
  static final String PATH = "/api/v1/namespaces/" + NAMESPACE + "/secrets/" + NAME;

  final RotationFixture rotation;
  final KubeApiMock api;
  private final KubeClient client;

  /** Against the mock API server; the namespace is the kubeconfig context's. */
  SecretFixture(Path dir, DevVaultOptions options) {
    this(dir, options, null);
  }

  /** Against the API server of {@code kubeconfig}, or (null) a mock API server started here. */
  SecretFixture(Path dir, DevVaultOptions options, Path kubeconfig) {
    rotation = new RotationFixture(dir, options);
    api = kubeconfig == null ? KubeApiMock.start(false) : null;
    Path config = kubeconfig == null ? api.writeKubeconfig(dir.resolve("kube"), NAMESPACE) : kubeconfig;
    client = KubeClient.fromKubeconfig(rotation.vertx, config, Optional.empty());
    rotation.env.remove("SIDECAR_KEYSTORE_FILE");
    rotation.env.put("KUBECONFIG", config.toString());
    rotation.env.put("SIDECAR_KEYSTORE_SECRET_NAME", NAME);
    if (kubeconfig != null) {
      rotation.env.put("SIDECAR_KEYSTORE_SECRET_NAMESPACE", NAMESPACE);
    }
  }

  CliRun run(String... args) {
    return rotation.run(args);
  }

  /** The Secret as stored. */
  JsonObject secret() {
    if (api == null) {
      return client.get(ResourceType.namespaced("", "v1", "secrets"), NAMESPACE, NAME).await();
    }
    String json = api.stored(PATH);
    if (json == null) {
      throw new IllegalStateException("no Secret " + NAMESPACE + "/" + NAME);
    }
    return new JsonObject(json);
  }

  /** The keystore in the Secret's {@code keystore.json}. */
  JsonObject keystore() {
    String encoded = secret().getJsonObject("data").getString("keystore.json");
    return new JsonObject(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
  }

  String ciphertext() {
    return keystore().getJsonArray("passkeys").getJsonObject(0).getString("ciphertext");
  }

  int keystoreVersion() {
    String c = ciphertext();
    return Integer.parseInt(c.substring("vault:v".length(), c.indexOf(':', "vault:v".length())));
  }

  String unwrappedKeyId() {
    return rotation.unwrappedKeyId(ciphertext());
  }

  /** A copy of the stored Secret with one more annotation and no resourceVersion: another writer's change. */
  String touched(String annotation) {
    JsonObject secret = secret();
    JsonObject metadata = secret.getJsonObject("metadata");
    metadata.remove("resourceVersion");
    JsonObject annotations = metadata.getJsonObject("annotations", new JsonObject());
    metadata.put("annotations", annotations.put(annotation, "yes"));
    return secret.encode();
  }

  @Override
  public void close() {
    client.close();
    if (api != null) {
      api.close();
    }
    rotation.close();
  }
}
