package dev.transitsidecar.config;

import static dev.transitsidecar.config.ConfigFixture.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
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
  void defaults_areThoseOfTheDesign() {
    SidecarConfig expected = new SidecarConfig(
        new ListenConfig("127.0.0.1", 8200, Optional.empty(), true, 1_048_576, Optional.empty(), 0),
        new VaultConfig(URI.create("https://vault.vault.svc:8200"), Optional.empty(), Duration.ofSeconds(5), 2,
            new TlsConfig(Optional.empty(), Optional.empty(), false)),
        new AuthConfig(AuthMethod.TOKEN, Path.of("/vault/secrets/vault_token"),
            new KubernetesAuthConfig(Optional.empty(), "kubernetes",
                Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token")),
            new AppRoleAuthConfig("approle", Optional.empty(), Optional.empty())),
        new TransitConfig("transit", List.of("kasten")),
        new CacheConfig(Duration.ofMinutes(15), Duration.ofMinutes(5), 16, 64, Duration.ofSeconds(60),
            LockMemory.PREFERRED, MemoryBackend.AUTO),
        new KeystoreConfig(Optional.empty(), "kasten"),
        new RotationConfig(Duration.ZERO, OptionalInt.empty()),
        new ProxyConfig(new CoalesceConfig(true, Duration.ofMillis(1), 64)),
        new WebhookConfig(8443, Path.of("/etc/webhook/tls.crt"), Path.of("/etc/webhook/tls.key"),
            "transit-sidecar:latest", URI.create("https://vault.vault.svc:8200"), false),
        new LogConfig(LogFormat.JSON, "info"));

    assertThat(SidecarConfig.defaults()).isEqualTo(expected);
  }

  @Test
  void load_shippedSidecarYaml_equalsDefaults() {
    Path shipped = Path.of("sidecar.yaml");
    assertThat(shipped).isRegularFile();

    SidecarConfig config = ConfigLoader.load(fixture.vertx(), Optional.of(shipped), Map.of()).await();

    assertThat(config).isEqualTo(SidecarConfig.defaults());
  }

  @Test
  void load_shippedSidecarYaml_namesEveryKey() throws Exception {
    String shipped = Files.readString(Path.of("sidecar.yaml"));
    for (Key<?> key : ConfigSchema.ALL) {
      String leaf = key.path().substring(key.path().lastIndexOf('.') + 1);
      assertThat(shipped).as(key.path()).containsPattern("(?m)^\\s*" + leaf + ":");
    }
  }

  @Test
  void load_noFileGiven_readsSidecarYamlInTheWorkingDirectory() {
    assertThat(Path.of("sidecar.yaml")).isRegularFile();

    SidecarConfig config = ConfigLoader.load(fixture.vertx(), Optional.empty(), Map.of("SIDECAR_LOG_LEVEL", "warn"))
        .await();

    assertThat(config.log().level()).isEqualTo("warn");
    assertThat(config.listen()).isEqualTo(SidecarConfig.defaults().listen());
  }

  @Test
  void load_noFileGivenAndNoDefaultFile_isPureDefaults() {
    assertThat(fixture.loadEnv(Map.of())).isEqualTo(SidecarConfig.defaults());
  }

  @Test
  void load_noFileGiven_readsTheDefaultFile() {
    Path defaultFile = fixture.write("default.yaml", "cache: {ttl: 1m}\n");

    SidecarConfig config = ConfigLoader.load(fixture.vertx(), Optional.empty(), Map.of(), defaultFile).await();

    assertThat(config.cache().ttl()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void load_fileValues_replaceDefaults() {
    SidecarConfig config = fixture.load("""
        vault:
          address: http://127.0.0.1:8201
          namespace: team-a
          tls: {insecureSkipVerify: true}
        transit: {mount: kv-transit, keys: [kasten, other, 2024]}
        cache: {lockMemory: off, staleIfError: 0s}
        rotation: {minDecryptionVersion: 4}
        """, Map.of());

    assertThat(config.vault().address()).isEqualTo(URI.create("http://127.0.0.1:8201"));
    assertThat(config.vault().namespace()).contains("team-a");
    assertThat(config.vault().tls().insecureSkipVerify()).isTrue();
    assertThat(config.transit()).isEqualTo(new TransitConfig("kv-transit", List.of("kasten", "other", "2024")));
    assertThat(config.cache().lockMemory()).isEqualTo(LockMemory.OFF);
    assertThat(config.cache().staleIfError()).isZero();
    assertThat(config.rotation().minDecryptionVersion()).hasValue(4);
  }

  @Test
  void load_emptyStringForOptional_isUnset() {
    SidecarConfig config = fixture.load("vault: {namespace: \"\"}\nkeystore: {file: \"\"}\n",
        Map.of("SIDECAR_LISTEN_CLIENT_TOKEN_FILE", ""));

    assertThat(config.vault().namespace()).isEmpty();
    assertThat(config.keystore().file()).isEmpty();
    assertThat(config.listen().clientTokenFile()).isEmpty();
  }

  @Test
  void load_emptyStringForRequired_isReported() {
    assertThat(fixture.problems("transit: {mount: \"\"}\n", Map.of("SIDECAR_WEBHOOK_IMAGE", "")))
        .containsExactly(
            "transit.mount: must not be empty",
            "webhook.image (SIDECAR_WEBHOOK_IMAGE): must not be empty");
  }

  @Test
  void load_fileWithThreeMistakes_reportsAllThreeAtOnce() {
    List<String> problems = fixture.problems("""
        listen:
          prot: 8200
        cache:
          ttl: soon
        vault:
          retries: 11
        """, Map.of());

    assertThat(problems).containsExactly(
        "listen.prot: unknown key (did you mean listen.port?)",
        "vault.retries: 11 is out of range 0..10",
        "cache.ttl: \"soon\" is not a duration (use 500ms, 30s, 15m or 24h)");
  }

  @Test
  void load_unknownKeys_areReportedByFullPath() {
    assertThat(fixture.problems("""
        listen: {adress: 0.0.0.0}
        vault: {tls: {caFiel: /ca.pem}}
        tracing: {enabled: true}
        lisen: {port: 1}
        """, Map.of()))
        .containsExactly(
            "listen.adress: unknown key (did you mean listen.address?)",
            "vault.tls.caFiel: unknown key (did you mean vault.tls.caFile?)",
            "tracing: unknown key",
            "lisen: unknown key (did you mean listen?)");
  }

  @Test
  void load_unknownSidecarVariable_isReportedByNameOnly() {
    List<String> problems = problemsOf(() -> fixture.loadEnv(Map.of(
        "SIDECAR_LISTEN_PROT", "8200",
        "SIDECAR_TOKEN", "hvs.secret-value",
        "SIDECAR_VAULT_TLS", "x",
        "OTHER_LISTEN_PROT", "ignored")));

    assertThat(problems).containsExactly(
        "SIDECAR_LISTEN_PROT: unknown setting (did you mean SIDECAR_LISTEN_PORT?)",
        "SIDECAR_TOKEN: unknown setting",
        "SIDECAR_VAULT_TLS: unknown setting");
    assertThat(String.join("\n", problems)).doesNotContain("hvs.secret-value");
  }

  @Test
  void load_kubernetesServiceLinksOfAServiceNamedSidecar_areIgnored() {
    SidecarConfig config = fixture.loadEnv(Map.of(
        "SIDECAR_SERVICE_HOST", "10.0.0.12",
        "SIDECAR_SERVICE_PORT", "80",
        "SIDECAR_SERVICE_PORT_HTTP", "80",
        "SIDECAR_PORT", "tcp://10.0.0.12:80",
        "SIDECAR_PORT_80_TCP", "tcp://10.0.0.12:80",
        "SIDECAR_PORT_80_TCP_PROTO", "tcp",
        "SIDECAR_PORT_80_TCP_PORT", "80",
        "SIDECAR_PORT_80_TCP_ADDR", "10.0.0.12"));

    assertThat(config).isEqualTo(SidecarConfig.defaults());
  }

  @Test
  void load_wrongTypes_areReportedNotThrown() {
    assertThat(fixture.problems("""
        listen: [a, b]
        vault: {timeout: 5, retries: "2", tls: true}
        transit: {keys: kasten}
        cache: {maxEntries: 1.5, lockMemory: true}
        log: {level: {name: info}}
        webhook: {nativeSidecar: yes, image: no}
        """, Map.of()))
        .containsExactlyInAnyOrder(
            "listen: expected a map of settings, got a list",
            "vault.tls: expected a map of settings, got a boolean (true; quote yes/no/on/off to keep them text)",
            "vault.timeout: \"5\" has no unit (use 500ms, 30s, 15m or 24h)",
            "vault.retries: expected an integer, got a string \"2\"",
            "transit.keys: expected a list like [a, b], got a string \"kasten\"",
            "cache.maxEntries: expected an integer, got a number (1.5)",
            "cache.lockMemory: expected a string, got a boolean (true; quote yes/no/on/off to keep them text)",
            "webhook.image: expected a string, got a boolean (false; quote yes/no/on/off to keep them text)",
            "log.level: expected a string, got a map");
  }

  @Test
  void load_wrongListItem_isReportedWithItsIndex() {
    assertThat(fixture.problems("transit: {keys: [kasten, {a: 1}, \"bad/name\"]}\n", Map.of()))
        .containsExactly("transit.keys: item 1: expected a string, got a map");
    assertThat(fixture.problems("transit: {keys: [kasten, \"bad/name\"]}\n", Map.of()))
        .containsExactly("transit.keys: \"bad/name\" is not a valid name"
            + " (letters, digits, _ . -; no leading, trailing or double dot)");
  }
}
