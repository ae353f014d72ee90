package dev.transitsidecar.cli;

import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.testing.KubeApiMock;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The rotation fixture with the keystore in a Secret: fabric8's mock API server (CRUD), a kubeconfig for it in
 * {@code KUBECONFIG}, and {@code keystore.secret.*} naming Secret {@value #NAMESPACE}/{@value #NAME} in place of
 * {@code keystore.file}. Reads the Secret on the server's side, as the API server has it.
 */
final class SecretFixture implements AutoCloseable {
  static final String NAMESPACE = "apps";
  static final String NAME = "transit-keystore";
  static final String PATH = "/api/v1/namespaces/" + NAMESPACE + "/secrets/" + NAME;

  final RotationFixture rotation;
  final KubeApiMock api;

  SecretFixture(Path dir, DevVaultOptions options) {
    rotation = new RotationFixture(dir, options);
    api = KubeApiMock.start(false);
    rotation.env.remove("SIDECAR_KEYSTORE_FILE");
    rotation.env.put("KUBECONFIG", api.writeKubeconfig(dir.resolve("kube"), NAMESPACE).toString());
    rotation.env.put("SIDECAR_KEYSTORE_SECRET_NAME", NAME);
  }

  CliRun run(String... args) {
    return rotation.run(args);
  }

  /** The Secret as stored. */
  JsonObject secret() {
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
    api.close();
    rotation.close();
  }
}
