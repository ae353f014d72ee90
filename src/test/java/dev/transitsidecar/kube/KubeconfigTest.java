package dev.transitsidecar.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.net.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a kubeconfig as kubectl does: contexts, certificate data or files, tokens, KUBECONFIG lists. */
class KubeconfigTest {
  @TempDir
  Path dir;

  private static final String TWO_CONTEXTS = """
      apiVersion: v1
      kind: Config
      current-context: dev
      clusters:
      - name: dev-cluster
        cluster:
          server: https://dev.example:6443
          certificate-authority-data: %s
      - name: prod-cluster
        cluster:
          server: https://prod.example
          certificate-authority: certs/prod-ca.crt
      users:
      - name: dev-user
        user:
          token: dev-token-value
      - name: prod-user
        user:
          client-certificate: certs/client.crt
          client-key: certs/client.key
      contexts:
      - name: dev
        context: {cluster: dev-cluster, user: dev-user, namespace: team-a}
      - name: prod
        context: {cluster: prod-cluster, user: prod-user}
      """;

  private static Optional<String> header(KubeConnection connection) {
    Vertx vertx = Vertx.vertx();
    try {
      return connection.token().forHeader(vertx).await();
    } finally {
      vertx.close().await();
    }
  }

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private Path twoContexts() throws Exception {
    SelfSignedCertificate ca = SelfSignedCertificate.create("ca");
    SelfSignedCertificate client = SelfSignedCertificate.create("client");
    Files.createDirectories(dir.resolve("certs"));
    Files.copy(Path.of(ca.certificatePath()), dir.resolve("certs/prod-ca.crt"));
    Files.copy(Path.of(client.certificatePath()), dir.resolve("certs/client.crt"));
    Files.copy(Path.of(client.privateKeyPath()), dir.resolve("certs/client.key"));
    String caData = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(ca.certificatePath())));
    return write("config", TWO_CONTEXTS.formatted(caData));
  }

  @Test
  void theCurrentContextGivesServerCaDataTokenAndNamespace() throws Exception {
    KubeConnection connection = Kubeconfig.connection(List.of(twoContexts()), Optional.empty());
    assertThat(connection.server()).hasToString("https://dev.example:6443");
    assertThat(connection.caPem()).hasValueSatisfying(pem -> assertThat(pem.toString()).startsWith("-----BEGIN"));
    assertThat(connection.clientCertPem()).isEmpty();
    assertThat(connection.namespace()).hasValue("team-a");
    assertThat(header(connection)).hasValue("Bearer dev-token-value");
    assertThat(connection.toString()).doesNotContain("dev-token-value");
  }

  @Test
  void aNamedContextReadsCertificateFilesRelativeToTheKubeconfig() throws Exception {
    KubeConnection connection = Kubeconfig.connection(List.of(twoContexts()), Optional.of("prod"));
    assertThat(connection.server()).hasToString("https://prod.example");
    assertThat(connection.caPem().orElseThrow().toString())
        .isEqualTo(Files.readString(dir.resolve("certs/prod-ca.crt")));
    assertThat(connection.clientCertPem()).isPresent();
    assertThat(connection.clientKeyPem().orElseThrow().toString()).contains("PRIVATE KEY");
    assertThat(connection.namespace()).isEmpty();
    assertThat(connection.toString()).doesNotContain("PRIVATE KEY");
  }

  @Test
  void aClientWithACertificateAndKeyIsBuilt() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (KubeClient client = KubeClient.fromKubeconfig(vertx, twoContexts(), Optional.of("prod"))) {
      assertThat(client.describe()).contains("context prod", "https://prod.example");
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void kubeconfigListsMergeAsKubectlDoes() throws Exception {
    Path first = write("a/config", """
        current-context: second
        users:
        - name: u
          user: {tokenFile: token}
        """);
    write("a/token", "from-a-token");
    Path second = write("b/config", """
        current-context: ignored
        clusters:
        - name: c
          cluster: {server: "http://127.0.0.1:8080"}
        users:
        - name: u
          user: {token: from-b}
        contexts:
        - name: second
          context: {cluster: c, user: u, namespace: ns-b}
        """);
    Map<String, String> env = Map.of("KUBECONFIG", first + ":" + dir.resolve("missing") + ":" + second);
    KubeConnection connection = Kubeconfig.connection(Kubeconfig.files(env, dir), Optional.empty());
    assertThat(connection.server()).hasToString("http://127.0.0.1:8080");
    assertThat(connection.namespace()).hasValue("ns-b");
    assertThat(header(connection)).hasValue("Bearer from-a-token");
    assertThat(Kubeconfig.files(Map.of(), dir)).containsExactly(dir.resolve(".kube/config"));
  }

  @Test
  void credentialPluginsAndBasicAuthAreRefusedByName() throws Exception {
    for (String user : List.of("exec: {command: gke-gcloud-auth-plugin, apiVersion: client.authentication.k8s.io/v1}",
        "auth-provider: {name: oidc}", "username: admin")) {
      Path file = write("plugin", """
          current-context: x
          clusters: [{name: c, cluster: {server: "https://k"}}]
          users: [{name: u, user: {%s}}]
          contexts: [{name: x, context: {cluster: c, user: u}}]
          """.formatted(user));
      assertThatThrownBy(() -> Kubeconfig.connection(List.of(file), Optional.empty()))
          .isInstanceOf(KubeException.class)
          .hasMessageContaining("context x")
          .hasMessageContaining("a token or a client certificate");
    }
  }

  @Test
  void whatIsMissingIsNamed() throws Exception {
    Path noCurrent = write("nocurrent", "clusters: [{name: c, cluster: {server: \"https://k\"}}]\n");
    assertThatThrownBy(() -> Kubeconfig.connection(List.of(noCurrent), Optional.empty()))
        .hasMessageContaining("has no current-context");
    assertThatThrownBy(() -> Kubeconfig.connection(List.of(noCurrent), Optional.of("prod")))
        .hasMessageContaining("has no context prod");
    Path noCluster = write("nocluster", "current-context: x\ncontexts: [{name: x, context: {cluster: gone}}]\n");
    assertThatThrownBy(() -> Kubeconfig.connection(List.of(noCluster), Optional.empty()))
        .hasMessageContaining("no cluster gone");
    Path notHttp = write("nothttp", """
        current-context: x
        clusters: [{name: c, cluster: {server: "unix:///sock"}}]
        contexts: [{name: x, context: {cluster: c}}]
        """);
    assertThatThrownBy(() -> Kubeconfig.connection(List.of(notHttp), Optional.empty()))
        .hasMessageContaining("is not an http(s) URL");
    Path badYaml = write("bad", "clusters: [\n");
    assertThatThrownBy(() -> Kubeconfig.connection(List.of(badYaml), Optional.empty()))
        .isInstanceOf(KubeException.class).hasMessageContaining("is not valid YAML");
    Path badCa = write("badca", """
        current-context: x
        clusters: [{name: c, cluster: {server: "https://k", certificate-authority-data: "%%%"}}]
        contexts: [{name: x, context: {cluster: c}}]
        """);
    assertThatThrownBy(() -> Kubeconfig.connection(List.of(badCa), Optional.empty()))
        .hasMessageContaining("certificate-authority-data is not base64");
  }
}
