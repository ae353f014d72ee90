package dev.transitsidecar.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keystore.secret.*}: names as Kubernetes takes them, a namespace only with a name, the data key's default. */
class KeystoreSecretConfigTest {
  @TempDir
  static Path dir;
  static ConfigFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new ConfigFixture(dir);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void aNameAloneIsTheSecretInTheDefaultNamespaceUnderKeystoreJson() {
    SidecarConfig config = fixture.load("keystore:\n  secret:\n    name: transit-keystore\n", Map.of());
    assertThat(config.keystore().secret()).hasValue(new KeystoreSecret(Optional.empty(), "transit-keystore",
        "keystore.json"));
    assertThat(fixture.loadEnv(Map.of()).keystore().secret()).isEmpty();
  }

  @Test
  void aNamespaceWithoutANameIsRefused() {
    assertThat(ConfigFixture.problemsOf(() -> fixture.loadEnv(Map.of("SIDECAR_KEYSTORE_SECRET_NAMESPACE", "k10"))))
        .containsExactly("keystore.secret.name: required when keystore.secret.namespace is set");
  }

  @Test
  void namesThatKubernetesRefusesAreRefused() {
    assertThat(ConfigFixture.problemsOf(() -> fixture.loadEnv(Map.of(
        "SIDECAR_KEYSTORE_SECRET_NAME", "Transit_Keystore",
        "SIDECAR_KEYSTORE_SECRET_NAMESPACE", "a.b",
        "SIDECAR_KEYSTORE_SECRET_KEY", "a/b"))))
        .hasSize(3)
        .anySatisfy(p -> assertThat(p).startsWith("keystore.secret.name (SIDECAR_KEYSTORE_SECRET_NAME): ")
            .contains("not a Kubernetes object name"))
        .anySatisfy(p -> assertThat(p).startsWith("keystore.secret.namespace (SIDECAR_KEYSTORE_SECRET_NAMESPACE): ")
            .contains("not a namespace name"))
        .anySatisfy(p -> assertThat(p).startsWith("keystore.secret.key (SIDECAR_KEYSTORE_SECRET_KEY): "));
  }
}
