package dev.transitsidecar.config;

import static dev.transitsidecar.config.ConfigFixture.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIDECAR_* over VAULT_* over the file over the default. */
class PrecedenceTest {
  static final String FILE = "vault: {address: \"https://file:8200\", namespace: file-ns}\n";

  @TempDir Path dir;
  ConfigFixture fixture;

  @BeforeEach
  void start() {
    fixture = new ConfigFixture(dir);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void load_fileOnly_fileBeatsDefault() {
    VaultConfig vault = fixture.load(FILE, Map.of()).vault();

    assertThat(vault.address()).isEqualTo(URI.create("https://file:8200"));
    assertThat(vault.namespace()).contains("file-ns");
  }

  @Test
  void load_vaultVariables_beatTheFile() {
    VaultConfig vault = fixture.load(FILE, Map.of(
        "VAULT_ADDR", "https://vault-env:8200", "VAULT_NAMESPACE", "vault-ns")).vault();

    assertThat(vault.address()).isEqualTo(URI.create("https://vault-env:8200"));
    assertThat(vault.namespace()).contains("vault-ns");
  }

  @Test
  void load_vaultVariables_beatTheDefault() {
    VaultConfig vault = fixture.loadEnv(Map.of("VAULT_ADDR", "http://127.0.0.1:8201")).vault();

    assertThat(vault.address()).isEqualTo(URI.create("http://127.0.0.1:8201"));
  }

  @Test
  void load_sidecarVariables_beatVaultVariablesAndTheFile() {
    VaultConfig vault = fixture.load(FILE, Map.of(
        "VAULT_ADDR", "https://vault-env:8200", "VAULT_NAMESPACE", "vault-ns",
        "SIDECAR_VAULT_ADDRESS", "https://sidecar-env:8200", "SIDECAR_VAULT_NAMESPACE", "sidecar-ns")).vault();

    assertThat(vault.address()).isEqualTo(URI.create("https://sidecar-env:8200"));
    assertThat(vault.namespace()).contains("sidecar-ns");
  }

  @Test
  void load_emptySidecarVariable_unsetsAnOptionalFromTheFile() {
    VaultConfig vault = fixture.load(FILE, Map.of("VAULT_NAMESPACE", "vault-ns", "SIDECAR_VAULT_NAMESPACE", "")).vault();

    assertThat(vault.namespace()).isEmpty();
  }

  @Test
  void load_emptyVaultVariables_areIgnoredAsInTheVaultCli() {
    VaultConfig vault = fixture.load(FILE, Map.of("VAULT_ADDR", "", "VAULT_NAMESPACE", "")).vault();

    assertThat(vault.address()).isEqualTo(URI.create("https://file:8200"));
    assertThat(vault.namespace()).contains("file-ns");
  }

  @Test
  void load_vaultToken_isNotConfigAndIsNotStored() {
    String token = "hvs.CAESIJ-not-a-real-token";

    SidecarConfig config = fixture.loadEnv(Map.of("VAULT_TOKEN", token));

    assertThat(config).isEqualTo(SidecarConfig.defaults());
    assertThat(config.toString()).doesNotContain(token);
  }

  @Test
  void load_badVaultVariable_isNamedInTheProblem() {
    assertThat(problemsOf(() -> fixture.loadEnv(Map.of("VAULT_ADDR", "vault:8200"))))
        .containsExactly("vault.address (VAULT_ADDR): \"vault:8200\" is not an absolute http(s) URI with a host");
  }

  @Test
  void load_badSidecarVariable_isNamedInTheProblem() {
    assertThat(problemsOf(() -> fixture.loadEnv(Map.of("SIDECAR_CACHE_TTL", "soon"))))
        .containsExactly("cache.ttl (SIDECAR_CACHE_TTL): \"soon\" is not a duration (use 500ms, 30s, 15m or 24h)");
  }

  @Test
  void load_envOverride_hidesABrokenFileValue() {
    SidecarConfig config = fixture.load("listen: {port: eighty}\n", Map.of("SIDECAR_LISTEN_PORT", "8080"));

    assertThat(config.listen().port()).isEqualTo(8080);
  }

  @Test
  void load_envOverride_doesNotHideAnUnknownFileKey() {
    assertThat(problemsOf(() -> fixture.load("listen: {prot: 1}\n", Map.of("SIDECAR_LISTEN_PORT", "8080"))))
        .containsExactly("listen.prot: unknown key (did you mean listen.port?)");
  }

  @Test
  void load_envList_isCommaSeparated() {
    SidecarConfig config = fixture.load("transit: {keys: [a]}\nkeystore: {file: /ks.json}\n",
        Map.of("SIDECAR_TRANSIT_KEYS", "kasten,backup,"));

    assertThat(config.transit().keys()).containsExactly("kasten", "backup");
    assertThat(config.keystore().file()).contains(Path.of("/ks.json"));
  }

  @Test
  void load_emptyEnvList_isReported() {
    assertThat(problemsOf(() -> fixture.loadEnv(Map.of("SIDECAR_TRANSIT_KEYS", " , "))))
        .containsExactly("transit.keys (SIDECAR_TRANSIT_KEYS): must list at least one name");
    assertThat(fixture.loadEnv(Map.of()).listen().unixSocket()).isEqualTo(Optional.empty());
  }
}
