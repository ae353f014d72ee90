package dev.transitsidecar.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every key, by hand: its env name, a non-default value given there, and where it lands. */
class EnvOverrideTest {
  @TempDir static Path dir;
  static ConfigFixture fixture;

  record Row(String path, String env, String value, Function<SidecarConfig, Object> field, Object expected) {
    @Override
    public String toString() {
      return path + " <- " + env;
    }
  }

  static Row row(String path, String env, String value, Function<SidecarConfig, Object> field, Object expected) {
    return new Row(path, env, value, field, expected);
  }

  static Stream<Row> rows() {
    return Stream.of(
        row("listen.address", "SIDECAR_LISTEN_ADDRESS", "0.0.0.0", c -> c.listen().address(), "0.0.0.0"),
        row("listen.port", "SIDECAR_LISTEN_PORT", "9200", c -> c.listen().port(), 9200),
        row("listen.unixSocket", "SIDECAR_LISTEN_UNIX_SOCKET", "/run/s.sock",
            c -> c.listen().unixSocket(), Optional.of(Path.of("/run/s.sock"))),
        row("listen.requireRequestHeader", "SIDECAR_LISTEN_REQUIRE_REQUEST_HEADER", "false",
            c -> c.listen().requireRequestHeader(), false),
        row("listen.maxBodyBytes", "SIDECAR_LISTEN_MAX_BODY_BYTES", "2048", c -> c.listen().maxBodyBytes(), 2048),
        row("listen.clientTokenFile", "SIDECAR_LISTEN_CLIENT_TOKEN_FILE", "/run/client",
            c -> c.listen().clientTokenFile(), Optional.of(Path.of("/run/client"))),
        row("listen.healthPort", "SIDECAR_LISTEN_HEALTH_PORT", "8299", c -> c.listen().healthPort(), 8299),
        row("listen.idleTimeout", "SIDECAR_LISTEN_IDLE_TIMEOUT", "5m", c -> c.listen().idleTimeout(),
            Duration.ofMinutes(5)),
        row("listen.headerTimeout", "SIDECAR_LISTEN_HEADER_TIMEOUT", "2s", c -> c.listen().headerTimeout(),
            Duration.ofSeconds(2)),
        row("listen.shutdownGrace", "SIDECAR_LISTEN_SHUTDOWN_GRACE", "1s", c -> c.listen().shutdownGrace(),
            Duration.ofSeconds(1)),
        row("vault.address", "SIDECAR_VAULT_ADDRESS", "http://127.0.0.1:8201",
            c -> c.vault().address(), URI.create("http://127.0.0.1:8201")),
        row("vault.namespace", "SIDECAR_VAULT_NAMESPACE", "team-a", c -> c.vault().namespace(), Optional.of("team-a")),
        row("vault.timeout", "SIDECAR_VAULT_TIMEOUT", "750ms", c -> c.vault().timeout(), Duration.ofMillis(750)),
        row("vault.retries", "SIDECAR_VAULT_RETRIES", "0", c -> c.vault().retries(), 0),
        row("vault.circuit.failures", "SIDECAR_VAULT_CIRCUIT_FAILURES", "3", c -> c.vault().circuitFailures(), 3),
        row("vault.circuit.resetTimeout", "SIDECAR_VAULT_CIRCUIT_RESET_TIMEOUT", "2s",
            c -> c.vault().circuitResetTimeout(), Duration.ofSeconds(2)),
        row("vault.tls.caFile", "SIDECAR_VAULT_TLS_CA_FILE", "/etc/ca.pem",
            c -> c.vault().tls().caFile(), Optional.of(Path.of("/etc/ca.pem"))),
        row("vault.tls.serverName", "SIDECAR_VAULT_TLS_SERVER_NAME", "vault.internal",
            c -> c.vault().tls().serverName(), Optional.of("vault.internal")),
        row("vault.tls.insecureSkipVerify", "SIDECAR_VAULT_TLS_INSECURE_SKIP_VERIFY", "true",
            c -> c.vault().tls().insecureSkipVerify(), true),
        row("auth.method", "SIDECAR_AUTH_METHOD", "kubernetes", c -> c.auth().method(), AuthMethod.KUBERNETES),
        row("auth.tokenFile", "SIDECAR_AUTH_TOKEN_FILE", "/t", c -> c.auth().tokenFile(), Path.of("/t")),
        row("auth.kubernetes.role", "SIDECAR_AUTH_KUBERNETES_ROLE", "k10",
            c -> c.auth().kubernetes().role(), Optional.of("k10")),
        row("auth.kubernetes.mountPath", "SIDECAR_AUTH_KUBERNETES_MOUNT_PATH", "k8s/prod",
            c -> c.auth().kubernetes().mountPath(), "k8s/prod"),
        row("auth.kubernetes.serviceAccountTokenFile", "SIDECAR_AUTH_KUBERNETES_SERVICE_ACCOUNT_TOKEN_FILE", "/sa",
            c -> c.auth().kubernetes().serviceAccountTokenFile(), Path.of("/sa")),
        row("auth.approle.mountPath", "SIDECAR_AUTH_APPROLE_MOUNT_PATH", "ar", c -> c.auth().approle().mountPath(), "ar"),
        row("auth.approle.roleIdFile", "SIDECAR_AUTH_APPROLE_ROLE_ID_FILE", "/r",
            c -> c.auth().approle().roleIdFile(), Optional.of(Path.of("/r"))),
        row("auth.approle.secretIdFile", "SIDECAR_AUTH_APPROLE_SECRET_ID_FILE", "/s",
            c -> c.auth().approle().secretIdFile(), Optional.of(Path.of("/s"))),
        row("transit.mount", "SIDECAR_TRANSIT_MOUNT", "tr", c -> c.transit().mount(), "tr"),
        row("transit.keys", "SIDECAR_TRANSIT_KEYS", "a, b,c", c -> c.transit().keys(), List.of("a", "b", "c")),
        row("cache.ttl", "SIDECAR_CACHE_TTL", "1h30m", c -> c.cache().ttl(), Duration.ofMinutes(90)),
        row("cache.staleIfError", "SIDECAR_CACHE_STALE_IF_ERROR", "0s", c -> c.cache().staleIfError(), Duration.ZERO),
        row("cache.maxEntries", "SIDECAR_CACHE_MAX_ENTRIES", "4096", c -> c.cache().maxEntries(), 4096),
        row("cache.maxPlaintextBytes", "SIDECAR_CACHE_MAX_PLAINTEXT_BYTES", "1", c -> c.cache().maxPlaintextBytes(), 1),
        row("cache.policyCheckInterval", "SIDECAR_CACHE_POLICY_CHECK_INTERVAL", "5m",
            c -> c.cache().policyCheckInterval(), Duration.ofMinutes(5)),
        row("cache.lockMemory", "SIDECAR_CACHE_LOCK_MEMORY", "required", c -> c.cache().lockMemory(), LockMemory.REQUIRED),
        row("cache.memoryBackend", "SIDECAR_CACHE_MEMORY_BACKEND", "memfd_secret", c -> c.cache().memoryBackend(),
            MemoryBackend.MEMFD_SECRET),
        row("keystore.file", "SIDECAR_KEYSTORE_FILE", "/ks.json",
            c -> c.keystore().file(), Optional.of(Path.of("/ks.json"))),
        row("keystore.transitKey", "SIDECAR_KEYSTORE_TRANSIT_KEY", "master", c -> c.keystore().transitKey(), "master"),
        row("keystore.secret.name", "SIDECAR_KEYSTORE_SECRET_NAME", "transit-keystore",
            c -> c.keystore().secret().map(KeystoreSecret::name), Optional.of("transit-keystore")),
        row("keystore.secret.namespace", "SIDECAR_KEYSTORE_SECRET_NAMESPACE", "k10",
            c -> c.keystore().secret().flatMap(KeystoreSecret::namespace), Optional.of("k10")),
        row("keystore.secret.key", "SIDECAR_KEYSTORE_SECRET_KEY", "ks.json",
            c -> c.keystore().secret().map(KeystoreSecret::key).orElse("keystore.json"), "ks.json"),
        row("rotation.interval", "SIDECAR_ROTATION_INTERVAL", "24h", c -> c.rotation().interval(), Duration.ofHours(24)),
        row("rotation.minDecryptionVersion", "SIDECAR_ROTATION_MIN_DECRYPTION_VERSION", "3",
            c -> c.rotation().minDecryptionVersion(), OptionalInt.of(3)),
        row("rotation.interlock.namespaces", "SIDECAR_ROTATION_INTERLOCK_NAMESPACES", "apps, kasten-io",
            c -> c.rotation().interlock().namespaces(), List.of("apps", "kasten-io")),
        row("rotation.interlock.timeout", "SIDECAR_ROTATION_INTERLOCK_TIMEOUT", "2s",
            c -> c.rotation().interlock().timeout(), Duration.ofSeconds(2)),
        row("rotation.k10.namespace", "SIDECAR_ROTATION_K10_NAMESPACE", "kasten-io",
            c -> c.rotation().k10().namespace(), Optional.of("kasten-io")),
        row("rotation.k10.passkeyPrefix", "SIDECAR_ROTATION_K10_PASSKEY_PREFIX", "ts-",
            c -> c.rotation().k10().passkeyPrefix(), "ts-"),
        row("rotation.k10.waitTimeout", "SIDECAR_ROTATION_K10_WAIT_TIMEOUT", "3m",
            c -> c.rotation().k10().waitTimeout(), Duration.ofMinutes(3)),
        row("proxy.coalesce.enabled", "SIDECAR_PROXY_COALESCE_ENABLED", "false", c -> c.proxy().coalesce().enabled(), false),
        row("proxy.coalesce.window", "SIDECAR_PROXY_COALESCE_WINDOW", "5ms",
            c -> c.proxy().coalesce().window(), Duration.ofMillis(5)),
        row("proxy.coalesce.maxBatch", "SIDECAR_PROXY_COALESCE_MAX_BATCH", "1000", c -> c.proxy().coalesce().maxBatch(), 1000),
        row("webhook.port", "SIDECAR_WEBHOOK_PORT", "9443", c -> c.webhook().port(), 9443),
        row("webhook.certFile", "SIDECAR_WEBHOOK_CERT_FILE", "/c", c -> c.webhook().certFile(), Path.of("/c")),
        row("webhook.keyFile", "SIDECAR_WEBHOOK_KEY_FILE", "/k", c -> c.webhook().keyFile(), Path.of("/k")),
        row("webhook.image", "SIDECAR_WEBHOOK_IMAGE", "reg/ts:1.0", c -> c.webhook().image(), "reg/ts:1.0"),
        row("webhook.vaultAddress", "SIDECAR_WEBHOOK_VAULT_ADDRESS", "https://v:1",
            c -> c.webhook().vaultAddress(), URI.create("https://v:1")),
        row("webhook.nativeSidecar", "SIDECAR_WEBHOOK_NATIVE_SIDECAR", "true", c -> c.webhook().nativeSidecar(), true),
        row("webhook.injectionRules", "SIDECAR_WEBHOOK_INJECTION_RULES",
            "[{\"name\":\"a\",\"namespace\":\"n\",\"matchLabels\":{\"x\":\"y\"},\"annotations\":{}}]",
            c -> c.webhook().injectionRules(), List.of(new InjectionRule("a", "n", Map.of("x", "y"), Map.of()))),
        row("webhook.shutdownGrace", "SIDECAR_WEBHOOK_SHUTDOWN_GRACE", "0s", c -> c.webhook().shutdownGrace(),
            Duration.ZERO),
        row("log.format", "SIDECAR_LOG_FORMAT", "text", c -> c.log().format(), LogFormat.TEXT),
        row("log.level", "SIDECAR_LOG_LEVEL", "debug", c -> c.log().level(), "debug"));
  }

  @BeforeAll
  static void start() {
    fixture = new ConfigFixture(dir);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void envName_derivedFromPath_isTheDocumentedName(Row row) {
    Key<?> key = ConfigSchema.byPath(row.path()).orElseThrow();
    assertThat(key.envName()).isEqualTo(row.env());
    assertThat(ConfigSchema.byEnvName(row.env())).contains(key);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void load_envVariable_overridesDefault(Row row) {
    SidecarConfig defaults = SidecarConfig.defaults();
    assertThat(row.field().apply(defaults)).as("the sample must differ from the default").isNotEqualTo(row.expected());

    SidecarConfig config = fixture.loadEnv(env(row));

    assertThat(row.field().apply(config)).isEqualTo(row.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void load_envVariable_overridesFile(Row row) {
    String[] path = row.path().split("\\.");
    String leaf = path[path.length - 1];
    String yaml = String.join(": {", path).replaceFirst(leaf + "$", leaf + ": {broken: 1}")
        + "}".repeat(path.length - 1);
    assertThat(ConfigFixture.problemsOf(() -> fixture.load(yaml, Map.of())))
        .containsExactly(row.path() + ": expected " + "%s, got a map".formatted(expectedShape(row.path())));

    SidecarConfig config = fixture.load(yaml, env(row));

    assertThat(row.field().apply(config)).isEqualTo(row.expected());
  }

  /** The row's variable, plus what a kubernetes auth.method or a keystore Secret's namespace and key need. */
  private static Map<String, String> env(Row row) {
    return switch (row.env()) {
      case "SIDECAR_AUTH_METHOD" -> Map.of(row.env(), row.value(), "SIDECAR_AUTH_KUBERNETES_ROLE", "k10");
      case "SIDECAR_KEYSTORE_SECRET_NAMESPACE", "SIDECAR_KEYSTORE_SECRET_KEY" ->
          Map.of(row.env(), row.value(), "SIDECAR_KEYSTORE_SECRET_NAME", "transit-keystore");
      default -> Map.of(row.env(), row.value());
    };
  }

  private static String expectedShape(String path) {
    return switch (ConfigSchema.byPath(path).orElseThrow().kind()) {
      case TEXT, TEXT_OR_OFF -> "a string";
      case INT -> "an integer";
      case BOOL -> "true or false";
      case LIST -> "a list like [a, b]";
      case JSON -> "a list of maps or its JSON text";
    };
  }

  @Test
  void rows_coverEveryKeyOfTheSchema() {
    assertThat(rows().map(Row::path).toList())
        .containsExactlyElementsOf(ConfigSchema.ALL.stream().map(Key::path).toList());
  }
}
