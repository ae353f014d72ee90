package dev.transitsidecar.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transitsidecar.testing.KubeApiMock;
import io.vertx.core.Vertx;
import io.vertx.core.net.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pod's service account: TLS to the API server with its CA, the token read again for every call. */
class InClusterTest {
  @TempDir
  Path serviceAccount;

  @TempDir
  Path home;

  private Vertx vertx;
  private KubeApiMock api;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    api = KubeApiMock.start(true);
    Files.copy(api.caFile(), serviceAccount.resolve("ca.crt"));
    Files.writeString(serviceAccount.resolve("token"), "first-sa-token\n");
    Files.writeString(serviceAccount.resolve("namespace"), "rotation");
  }

  @AfterEach
  void stop() {
    api.close();
    vertx.close().await();
  }

  private Map<String, String> env() {
    return Map.of("KUBERNETES_SERVICE_HOST", "localhost", "KUBERNETES_SERVICE_PORT", Integer.toString(api.port()));
  }

  @Test
  void talksTlsTrustingTheServiceAccountsCaAndReadsTheTokenAgainForEachCall() throws Exception {
    try (KubeClient client = KubeClient.inCluster(vertx, env(), serviceAccount)) {
      assertThat(client.namespace()).hasValue("rotation");
      client.createSecret(Secret.create("rotation", "keystore")).await();
      Files.writeString(serviceAccount.resolve("token"), "second-sa-token");
      assertThat(client.getSecret("rotation", "keystore").await().name()).isEqualTo("keystore");

      assertThat(api.takeRequests()).extracting(r -> r.getHeaders().get("Authorization"))
          .containsExactly("Bearer first-sa-token", "Bearer second-sa-token");
    }
  }

  @Test
  void refusesAServerWhoseCertificateTheCaDidNotSign() throws Exception {
    Files.writeString(serviceAccount.resolve("ca.crt"), Files.readString(Path.of(
        SelfSignedCertificate.create("localhost").certificatePath())));
    try (KubeClient client = KubeClient.inCluster(vertx, env(), serviceAccount)) {
      assertThatThrownBy(() -> client.getSecret("rotation", "keystore").await())
          .isInstanceOfSatisfying(KubeException.class, e -> assertThat(e.status()).isZero())
          .hasMessageContaining("did not answer get secret rotation/keystore");
    }
    assertThat(api.takeRequests()).isEmpty();
  }

  @Test
  void aTokenFileThatIsGoneFailsTheCallNamingTheFileNotTheToken() throws Exception {
    try (KubeClient client = KubeClient.inCluster(vertx, env(), serviceAccount)) {
      Files.delete(serviceAccount.resolve("token"));
      assertThatThrownBy(() -> client.getSecret("rotation", "keystore").await())
          .isInstanceOf(KubeException.class)
          .hasMessageContaining(serviceAccount.resolve("token").toString())
          .hasMessageNotContaining("first-sa-token");
    }
  }

  @Test
  void outsideAPodItSaysWhatIsMissing() throws Exception {
    assertThatThrownBy(() -> KubeClient.inCluster(vertx, Map.of(), serviceAccount))
        .isInstanceOf(KubeException.class).hasMessageContaining("KUBERNETES_SERVICE_HOST is not set");
    Files.delete(serviceAccount.resolve("token"));
    assertThatThrownBy(() -> KubeClient.inCluster(vertx, env(), serviceAccount))
        .isInstanceOf(KubeException.class).hasMessageContaining("no token file");
    assertThatThrownBy(() -> KubeClient.inCluster(vertx, Map.of("KUBERNETES_SERVICE_HOST", "h",
        "KUBERNETES_SERVICE_PORT", "https"), serviceAccount))
        .isInstanceOf(KubeException.class).hasMessageContaining("not a port number");
  }

  @Test
  void discoverPrefersKubeconfigWhenSetThenTheServiceAccountThenTheHomeKubeconfig() throws Exception {
    Path kubeconfig = api.writeKubeconfig(home.resolve("elsewhere"), "from-kubeconfig");
    Map<String, String> inPod = env();
    try (KubeClient client = KubeClient.discover(vertx, inPod, serviceAccount, home)) {
      assertThat(client.namespace()).hasValue("rotation");
      assertThat(client.describe()).contains("service account");
    }
    Map<String, String> withKubeconfig = new HashMap<>(inPod);
    withKubeconfig.put("KUBECONFIG", kubeconfig.toString());
    try (KubeClient client = KubeClient.discover(vertx, withKubeconfig, serviceAccount, home)) {
      assertThat(client.namespace()).hasValue("from-kubeconfig");
    }
    Files.createDirectories(home.resolve(".kube"));
    Files.copy(kubeconfig, home.resolve(".kube").resolve("config"));
    try (KubeClient client = KubeClient.discover(vertx, Map.of(), serviceAccount, home)) {
      assertThat(client.namespace()).hasValue("from-kubeconfig");
    }
    assertThatThrownBy(() -> KubeClient.discover(vertx, Map.of(), serviceAccount, home.resolve("nobody")))
        .isInstanceOf(KubeException.class).hasMessageContaining("no kubeconfig found at");
  }
}
