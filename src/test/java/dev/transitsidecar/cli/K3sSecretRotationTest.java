package dev.transitsidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.kube.KubeClient;
import dev.transitsidecar.kube.KubeConflictException;
import dev.transitsidecar.kube.ResourceType;
import dev.transitsidecar.kube.Secret;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The keystore in a Secret against a real API server: K3s through Testcontainers, with its kubeconfig (TLS with the
 * cluster's CA, a client certificate). Skipped, not failed, where no Docker engine is available, with that reason.
 */
@Testcontainers(disabledWithoutDocker = true)
class K3sSecretRotationTest {
  private static final String IMAGE = "rancher/k3s:v1.31.4-k3s1";

  @Container
  private static final K3sContainer K3S = new K3sContainer(DockerImageName.parse(IMAGE));

  @TempDir
  static Path kube;

  private static Path kubeconfig;

  @TempDir
  Path dir;

  @BeforeAll
  static void namespace() throws Exception {
    kubeconfig = Files.writeString(kube.resolve("config"), K3S.getKubeConfigYaml());
    Vertx vertx = Vertx.vertx();
    try (KubeClient client = KubeClient.fromKubeconfig(vertx, kubeconfig, Optional.empty())) {
      client.create(ResourceType.cluster("", "v1", "namespaces"), null, new JsonObject().put("apiVersion", "v1")
          .put("kind", "Namespace").put("metadata", new JsonObject().put("name", SecretFixture.NAMESPACE))).await();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void keystoreInitAndRotate_keystoreInASecretOfARealApiServer() {
    try (SecretFixture fixture = new SecretFixture(dir, DevVaultOptions.defaults(), kubeconfig)) {
      CliRun init = fixture.run("keystore", "init");
      assertThat(init.code()).as(init.err()).isZero();
      String keyId = fixture.keystore().getString("key_id");

      CliRun rotate = fixture.run("rotate");

      assertThat(rotate.code()).as(rotate.err()).isZero();
      assertThat(fixture.rotation.key().getInteger("latest_version")).isEqualTo(2);
      assertThat(fixture.rotation.key().getInteger("min_decryption_version")).as("held back by the replaced copy")
          .isEqualTo(1);
      assertThat(fixture.keystoreVersion()).isEqualTo(2);
      assertThat(fixture.unwrappedKeyId()).isEqualTo(keyId);

      CliRun raise = fixture.run("rotate");

      assertThat(raise.code()).as(raise.err()).isZero();
      assertThat(fixture.rotation.key().getInteger("latest_version")).isEqualTo(2);
      assertThat(fixture.rotation.key().getInteger("min_decryption_version")).isEqualTo(2);
    }
  }

  @Test
  void aStaleUpdateIsAConflict() {
    Vertx vertx = Vertx.vertx();
    try (KubeClient client = KubeClient.fromKubeconfig(vertx, kubeconfig, Optional.empty())) {
      byte[] one = "1".getBytes(StandardCharsets.UTF_8);
      Secret created = client.createSecret(Secret.create(SecretFixture.NAMESPACE, "stale").withData("k", one))
          .await();
      client.replaceSecret(created.withData("k", "2".getBytes(StandardCharsets.UTF_8))).await();
      assertThatThrownBy(() -> client.replaceSecret(created.withData("k", "3".getBytes(StandardCharsets.UTF_8)))
          .await()).isInstanceOf(KubeConflictException.class).hasMessageContaining("HTTP 409");
    } finally {
      vertx.close().await();
    }
  }
}
