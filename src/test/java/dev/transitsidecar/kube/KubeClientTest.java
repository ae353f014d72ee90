package dev.transitsidecar.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transitsidecar.testing.KubeApiMock;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against fabric8's mock API server in CRUD mode, configured from a kubeconfig. */
class KubeClientTest {
  private static final ResourceType PASSKEYS = ResourceType.cluster("vault.kio.kasten.io", "v1alpha1", "passkeys");

  @TempDir
  Path dir;

  private Vertx vertx;
  private KubeApiMock api;
  private KubeClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    api = KubeApiMock.start(false);
    client = KubeClient.fromKubeconfig(vertx, api.writeKubeconfig(dir, "apps"), Optional.empty());
  }

  @AfterEach
  void stop() {
    client.close();
    api.close();
    vertx.close().await();
  }

  @Test
  void createsReadsAndReplacesASecretKeepingWhatItDoesNotChange() {
    Secret created = client.createSecret(Secret.create("apps", "keystore")
        .withData("keystore.json", bytes("{\"v\":1}"))
        .withData("other", bytes("kept"))).await();
    assertThat(created.resourceVersion()).isPresent();

    Secret read = client.getSecret("apps", "keystore").await();
    assertThat(read.keys()).containsExactly("keystore.json", "other");
    assertThat(read.data("keystore.json")).hasValueSatisfying(v -> assertThat(text(v)).isEqualTo("{\"v\":1}"));

    Secret replaced = client.replaceSecret(read.withData("keystore.json", bytes("{\"v\":2}"))).await();
    assertThat(replaced.resourceVersion()).isPresent().isNotEqualTo(read.resourceVersion());
    Secret again = client.getSecret("apps", "keystore").await();
    assertThat(again.data("keystore.json").map(KubeClientTest::text)).hasValue("{\"v\":2}");
    assertThat(again.data("other").map(KubeClientTest::text)).hasValue("kept");
  }

  @Test
  void aStaleResourceVersionIsATypedConflictWithTheApiServersMessage() {
    client.createSecret(Secret.create("apps", "keystore").withData("k", bytes("1"))).await();
    Secret first = client.getSecret("apps", "keystore").await();
    client.replaceSecret(first.withData("k", bytes("2"))).await();

    assertThatThrownBy(() -> client.replaceSecret(first.withData("k", bytes("3"))).await())
        .isInstanceOf(KubeConflictException.class)
        .hasMessageContaining("update secret apps/keystore")
        .hasMessageContaining("the object has been modified")
        .hasMessageContaining("HTTP 409")
        .hasMessageNotContaining("mock-api-token");
    assertThat(client.getSecret("apps", "keystore").await().data("k").map(KubeClientTest::text)).hasValue("2");
  }

  @Test
  void aConflictInjectedBetweenReadAndWriteIsRefused() {
    client.createSecret(Secret.create("apps", "keystore").withData("k", bytes("1"))).await();
    Secret read = client.getSecret("apps", "keystore").await();
    api.beforeNextUpdate("/api/v1/namespaces/apps/secrets/keystore", () -> api.update(
        "/api/v1/namespaces/apps/secrets/keystore", read.withData("k", bytes("other writer")).toJson().encode()));

    assertThatThrownBy(() -> client.replaceSecret(read.withData("k", bytes("mine"))).await())
        .isInstanceOf(KubeConflictException.class);
    assertThat(client.getSecret("apps", "keystore").await().data("k").map(KubeClientTest::text))
        .hasValue("other writer");
  }

  @Test
  void aMissingSecretIsNotFoundAndCreatingOneTwiceIsAConflict() {
    assertThatThrownBy(() -> client.getSecret("apps", "absent").await())
        .isInstanceOfSatisfying(KubeException.class, e -> assertThat(e.isNotFound()).isTrue())
        .hasMessageContaining("get secret apps/absent")
        .hasMessageContaining("HTTP 404");
    client.createSecret(Secret.create("apps", "once")).await();
    assertThatThrownBy(() -> client.createSecret(Secret.create("apps", "once")).await())
        .isInstanceOf(KubeConflictException.class);
  }

  @Test
  void replacingASecretNeverReadIsRefusedBeforeAnyCall() {
    assertThatThrownBy(() -> client.replaceSecret(Secret.create("apps", "new")).await())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no resourceVersion");
  }

  @Test
  void aSecretsTextNamesItsKeysNeverItsValues() {
    Secret secret = Secret.create("apps", "s").withData("keystore.json", bytes("sensitive-bytes"));
    assertThat(secret.toString()).contains("apps/s", "keystore.json").doesNotContain("sensitive", "c2Vuc2l0aXZl");
  }

  @Test
  void listsPodsByNamespaceAndLabelSelector() {
    for (String[] pod : new String[][] {{"apps", "a", "yes"}, {"apps", "b", "no"}, {"other", "c", "yes"}}) {
      client.create(ResourceType.namespaced("", "v1", "pods"), pod[0], new JsonObject()
          .put("apiVersion", "v1").put("kind", "Pod")
          .put("metadata", new JsonObject().put("name", pod[1]).put("namespace", pod[0])
              .put("labels", new JsonObject().put("sidecar", pod[2])))).await();
    }
    assertThat(names(client.listPods("apps", "sidecar=yes").await())).containsExactly("a");
    assertThat(names(client.listPods("apps", null).await())).containsExactlyInAnyOrder("a", "b");
    assertThat(names(client.listPods(null, "sidecar=yes").await())).containsExactlyInAnyOrder("a", "c");
  }

  @Test
  void createsListsGetsAndDeletesAClusterScopedCustomResource() {
    JsonObject passkey = new JsonObject()
        .put("apiVersion", PASSKEYS.apiVersion()).put("kind", "Passkey")
        .put("metadata", new JsonObject().put("name", "vault-v2").put("labels", new JsonObject().put("key", "k10")))
        .put("spec", new JsonObject().put("vaulttransitkeyname", "k10").put("usenow", true));
    JsonObject created = client.create(PASSKEYS, null, passkey).await();
    assertThat(created.getJsonObject("metadata").getString("resourceVersion")).isNotBlank();
    client.create(PASSKEYS, null, passkey.copy().put("metadata", new JsonObject().put("name", "other"))).await();

    assertThat(names(client.list(PASSKEYS, null, "key=k10").await())).containsExactly("vault-v2");
    assertThat(client.get(PASSKEYS, null, "vault-v2").await().getJsonObject("spec").getBoolean("usenow")).isTrue();

    client.delete(PASSKEYS, null, "vault-v2").await();
    assertThat(names(client.list(PASSKEYS, null, null).await())).containsExactly("other");
    assertThatThrownBy(() -> client.get(PASSKEYS, null, "vault-v2").await())
        .isInstanceOfSatisfying(KubeException.class, e -> assertThat(e.isNotFound()).isTrue())
        .hasMessageContaining("passkeys.vault.kio.kasten.io vault-v2");
  }

  @Test
  void aNamespacedCustomResourceNeedsANamespaceAndAClusterScopedOneRefusesOne() {
    ResourceType widgets = ResourceType.namespaced("example.com", "v1", "widgets");
    assertThatThrownBy(() -> client.get(widgets, null, "w")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.get(PASSKEYS, "apps", "p")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sendsTheKubeconfigsTokenAndNamesItsSource() {
    api.takeRequests();
    client.listPods("apps", null).await();
    assertThat(api.takeRequests()).singleElement()
        .satisfies(r -> assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer mock-api-token"));
    assertThat(client.namespace()).hasValue("apps");
    assertThat(client.describe()).contains("context mock", api.url()).doesNotContain("mock-api-token");
    assertThat(client.toString()).doesNotContain("mock-api-token");
  }

  @Test
  void aServerThatDoesNotAnswerIsSaidSo() {
    int port = api.port();
    api.close();
    assertThatThrownBy(() -> client.getSecret("apps", "keystore").await())
        .isInstanceOfSatisfying(KubeException.class, e -> assertThat(e.status()).isZero())
        .hasMessageContaining("did not answer get secret apps/keystore")
        .hasMessageContaining(":" + port);
    api = KubeApiMock.start(false);
  }

  private static List<String> names(List<JsonObject> objects) {
    return objects.stream().map(o -> o.getJsonObject("metadata").getString("name")).toList();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
