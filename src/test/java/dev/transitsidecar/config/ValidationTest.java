package dev.transitsidecar.config;

import static dev.transitsidecar.config.ConfigFixture.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Value rules (through the env, so each row is one variable) and the rules across keys. */
class ValidationTest {
  @TempDir static Path dir;
  static ConfigFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new ConfigFixture(dir);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', textBlock = """
      SIDECAR_LISTEN_PORT                    | 0
      SIDECAR_LISTEN_PORT                    | 65535
      SIDECAR_LISTEN_MAX_BODY_BYTES          | 1
      SIDECAR_LISTEN_MAX_BODY_BYTES          | 33554432
      SIDECAR_VAULT_RETRIES                  | 10
      SIDECAR_VAULT_CIRCUIT_FAILURES         | 1
      SIDECAR_VAULT_CIRCUIT_FAILURES         | 100
      SIDECAR_VAULT_CIRCUIT_RESET_TIMEOUT    | 10m
      SIDECAR_LISTEN_SHUTDOWN_GRACE          | 0s
      SIDECAR_WEBHOOK_SHUTDOWN_GRACE         | 10m
      SIDECAR_VAULT_ADDRESS                  | HTTP://vault
      SIDECAR_VAULT_ADDRESS                  | https://[::1]:8200/prefix
      SIDECAR_CACHE_MAX_ENTRIES              | 4096
      SIDECAR_CACHE_MAX_PLAINTEXT_BYTES      | 4096
      SIDECAR_CACHE_LOCK_MEMORY              | OFF
      SIDECAR_PROXY_COALESCE_MAX_BATCH       | 1
      SIDECAR_WEBHOOK_PORT                   | 1
      SIDECAR_ROTATION_MIN_DECRYPTION_VERSION | auto
      SIDECAR_ROTATION_MIN_DECRYPTION_VERSION | 1
      SIDECAR_TRANSIT_MOUNT                  | my_transit-1.v2
      SIDECAR_TRANSIT_KEYS                   | a.b,c-d,E_9
      SIDECAR_AUTH_KUBERNETES_MOUNT_PATH     | clusters/prod-1
      SIDECAR_LOG_LEVEL                      | WARN
      """)
  void load_valueAtTheEdge_isAccepted(String env, String value) {
    fixture.loadEnv(Map.of(env, value, "SIDECAR_LISTEN_UNIX_SOCKET", "/run/s.sock"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiterString = " :: ", textBlock = """
      SIDECAR_LISTEN_PORT :: 65536 :: 65536 is out of range 0..65535
      SIDECAR_LISTEN_PORT :: -1 :: -1 is out of range 0..65535
      SIDECAR_LISTEN_PORT :: 80a :: "80a" is not an integer
      SIDECAR_LISTEN_MAX_BODY_BYTES :: 0 :: 0 is out of range 1..33554432
      SIDECAR_LISTEN_MAX_BODY_BYTES :: 33554433 :: 33554433 is out of range 1..33554432
      SIDECAR_LISTEN_REQUIRE_REQUEST_HEADER :: yes :: "yes" is not a boolean (use true or false)
      SIDECAR_VAULT_RETRIES :: 11 :: 11 is out of range 0..10
      SIDECAR_VAULT_TIMEOUT :: 0s :: "0s" must be longer than zero
      SIDECAR_VAULT_CIRCUIT_FAILURES :: 0 :: 0 is out of range 1..100
      SIDECAR_VAULT_CIRCUIT_FAILURES :: 101 :: 101 is out of range 1..100
      SIDECAR_VAULT_CIRCUIT_RESET_TIMEOUT :: 0s :: "0s" must be longer than zero
      SIDECAR_VAULT_CIRCUIT_RESET_TIMEOUT :: 11m :: "11m" must be at most 10m
      SIDECAR_LISTEN_SHUTDOWN_GRACE :: 10m1s :: "10m1s" must be at most 10m
      SIDECAR_LISTEN_SHUTDOWN_GRACE :: 5 :: "5" has no unit (use 500ms, 30s, 15m or 24h)
      SIDECAR_WEBHOOK_SHUTDOWN_GRACE :: 1h :: "1h" must be at most 10m
      SIDECAR_VAULT_TIMEOUT :: 5 :: "5" has no unit (use 500ms, 30s, 15m or 24h)
      SIDECAR_VAULT_ADDRESS :: ftp://vault :: "ftp://vault" is not an absolute http(s) URI with a host
      SIDECAR_VAULT_ADDRESS :: /v1 :: "/v1" is not an absolute http(s) URI with a host
      SIDECAR_VAULT_ADDRESS :: https:// :: "https://" is not a URI
      SIDECAR_VAULT_ADDRESS :: https://u:p@vault :: must not carry credentials (user@), a query or a fragment
      SIDECAR_VAULT_ADDRESS :: https://vault?x=1 :: must not carry credentials (user@), a query or a fragment
      SIDECAR_WEBHOOK_VAULT_ADDRESS :: vault.svc :: "vault.svc" is not an absolute http(s) URI with a host
      SIDECAR_CACHE_TTL :: 0s :: "0s" must be longer than zero
      SIDECAR_CACHE_STALE_IF_ERROR :: -1s :: "-1s" is not a duration (use 500ms, 30s, 15m or 24h)
      SIDECAR_CACHE_MAX_ENTRIES :: 0 :: 0 is out of range 1..4096
      SIDECAR_CACHE_MAX_ENTRIES :: 4097 :: 4097 is out of range 1..4096
      SIDECAR_CACHE_MAX_PLAINTEXT_BYTES :: 4097 :: 4097 is out of range 1..4096
      SIDECAR_CACHE_POLICY_CHECK_INTERVAL :: 0ms :: "0ms" must be longer than zero
      SIDECAR_CACHE_LOCK_MEMORY :: on :: "on" is not one of required | preferred | off
      SIDECAR_PROXY_COALESCE_MAX_BATCH :: 0 :: 0 is out of range 1..1000
      SIDECAR_PROXY_COALESCE_MAX_BATCH :: 1001 :: 1001 is out of range 1..1000
      SIDECAR_PROXY_COALESCE_WINDOW :: 0s :: "0s" must be longer than zero
      SIDECAR_WEBHOOK_PORT :: 0 :: 0 is out of range 1..65535
      SIDECAR_ROTATION_MIN_DECRYPTION_VERSION :: 0 :: 0 is out of range 1..2147483647
      SIDECAR_ROTATION_MIN_DECRYPTION_VERSION :: latest :: "latest" is not an integer
      SIDECAR_ROTATION_INTERVAL :: 1d :: "1d" is not a duration (use 500ms, 30s, 15m or 24h)
      SIDECAR_ROTATION_INTERLOCK_NAMESPACES :: apps,Kasten_IO :: "Kasten_IO" is not a namespace name (a DNS label) or *
      SIDECAR_ROTATION_INTERLOCK_NAMESPACES :: *,apps :: * (every namespace) must stand alone
      SIDECAR_ROTATION_K10_NAMESPACE :: Kasten :: "Kasten" is not a namespace name (lower case letters, digits and '-', at most 63)
      SIDECAR_ROTATION_K10_PASSKEY_PREFIX :: TS_ :: "TS_" is not the start of a Kubernetes name (lowercase letters, digits, - and ., at most 200)
      SIDECAR_AUTH_METHOD :: userpass :: "userpass" is not one of token | kubernetes | approle
      SIDECAR_LOG_FORMAT :: xml :: "xml" is not one of json | text
      SIDECAR_LOG_LEVEL :: fatal :: "fatal" is not one of trace | debug | info | warn | error
      SIDECAR_AUTH_KUBERNETES_MOUNT_PATH :: a//b :: "" is not a valid name (letters, digits, _ . -; no leading, trailing or double dot)
      """)
  void load_valueOutOfRule_isReported(String env, String value, String problem) {
    Key<?> key = ConfigSchema.ALL.stream().filter(k -> k.envName().equals(env)).findFirst().orElseThrow();

    assertThat(problemsOf(() -> fixture.loadEnv(Map.of(env, value))))
        .containsExactly(key.path() + " (" + env + "): " + problem);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource({"'.hidden'", "'trailing.'", "'a..b'", "'a/b'", "'%2F'", "'with space'", "'..'", "'ключ'"})
  void load_invalidTransitName_isReported(String name) {
    String rule = " is not a valid name (letters, digits, _ . -; no leading, trailing or double dot)";

    assertThat(problemsOf(() -> fixture.loadEnv(Map.of(
        "SIDECAR_TRANSIT_MOUNT", name, "SIDECAR_TRANSIT_KEYS", "ok," + name, "SIDECAR_KEYSTORE_TRANSIT_KEY", name))))
        .containsExactly(
            "transit.mount (SIDECAR_TRANSIT_MOUNT): " + BadValue.quote(name) + rule,
            "transit.keys (SIDECAR_TRANSIT_KEYS): " + BadValue.quote(name) + rule,
            "keystore.transitKey (SIDECAR_KEYSTORE_TRANSIT_KEY): " + BadValue.quote(name) + rule);
  }

  @Test
  void load_longOrMultiLineValue_isQuotedOnOneLine() {
    assertThat(problemsOf(() -> fixture.loadEnv(Map.of("SIDECAR_CACHE_TTL", "1m\n" + "x".repeat(200)))))
        .singleElement().asString()
        .doesNotContain("\n")
        .contains("\"1m?xxxx")
        .contains("...\" is not a duration");
  }

  @Test
  void load_tcpOffWithoutSocket_isReported() {
    assertThat(problemsOf(() -> fixture.loadEnv(Map.of("SIDECAR_LISTEN_PORT", "0"))))
        .containsExactly("listen.unixSocket: required when listen.port is 0 (TCP off)");
  }

  @Test
  void load_tcpOffWithSocket_isAccepted() {
    ListenConfig listen = fixture.loadEnv(Map.of("SIDECAR_LISTEN_PORT", "0", "SIDECAR_LISTEN_UNIX_SOCKET", "/run/s")).listen();

    assertThat(listen.port()).isZero();
    assertThat(listen.unixSocket()).contains(Path.of("/run/s"));
  }

  @Test
  void load_kubernetesWithoutRole_isReported() {
    assertThat(fixture.problems("auth: {method: kubernetes, kubernetes: {role: \"\"}}\n", Map.of()))
        .containsExactly("auth.kubernetes.role: required when auth.method is kubernetes");
  }

  @Test
  void load_kubernetesWithRole_isAccepted() {
    AuthConfig auth = fixture.load("auth: {method: kubernetes, kubernetes: {role: k10}}\n", Map.of()).auth();

    assertThat(auth.method()).isEqualTo(AuthMethod.KUBERNETES);
    assertThat(auth.kubernetes().role()).contains("k10");
  }

  @Test
  void load_approleWithoutFiles_reportsBoth() {
    assertThat(fixture.problems("auth: {method: approle}\n", Map.of()))
        .containsExactly(
            "auth.approle.roleIdFile: required when auth.method is approle",
            "auth.approle.secretIdFile: required when auth.method is approle");
  }

  @Test
  void load_approleWithFiles_isAccepted() {
    AuthConfig auth = fixture.load(
        "auth: {method: approle, approle: {roleIdFile: /r, secretIdFile: /s}}\n", Map.of()).auth();

    assertThat(auth.approle().roleIdFile()).contains(Path.of("/r"));
    assertThat(auth.approle().secretIdFile()).contains(Path.of("/s"));
  }

  @Test
  void load_invalidMethod_skipsTheRulesThatDependOnIt() {
    assertThat(fixture.problems("auth: {method: kerberos}\nlisten: {port: 0, unixSocket: 5s}\n", Map.of()))
        .containsExactly("auth.method: \"kerberos\" is not one of token | kubernetes | approle");
  }

  @Test
  void load_unquotedYamlDate_isReportedNotMangled() {
    assertThat(fixture.problems("webhook: {image: 2024-01-01}\n", Map.of()))
        .containsExactly("webhook.image: expected a string, got a date (quote it to keep it text)");
  }
  @Test
  void injectionRules_fromTheFileAsAListAndFromTheEnvAsJson_sameRules() {
    InjectionRule k10 = new InjectionRule("k10-crypto", "kasten-io", Map.of("component", "crypto"),
        Map.of("auth-method", "kubernetes", "role", "k10", "native-sidecar", "true"));

    assertThat(fixture.load("""
        webhook:
          injectionRules:
            - name: k10-crypto
              namespace: kasten-io
              matchLabels: {component: crypto}
              annotations: {auth-method: kubernetes, role: k10, native-sidecar: true}
        """, Map.of()).webhook().injectionRules()).containsExactly(k10);
    assertThat(fixture.loadEnv(Map.of("SIDECAR_WEBHOOK_INJECTION_RULES", "[{\"name\":\"k10-crypto\","
        + "\"namespace\":\"kasten-io\",\"matchLabels\":{\"component\":\"crypto\"},\"annotations\":"
        + "{\"auth-method\":\"kubernetes\",\"role\":\"k10\",\"native-sidecar\":true}}]")).webhook()
        .injectionRules()).containsExactly(k10);
    assertThat(fixture.loadEnv(Map.of()).webhook().injectionRules()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " :: ", textBlock = """
      not json :: {"name" :: is not a JSON list of rules ({name, namespace, matchLabels, annotations})
      a map, not a list :: {} :: is not a JSON list of rules ({name, namespace, matchLabels, annotations})
      a rule that is a string :: ["k10"] :: rule 0: expected a map, got a string "k10"
      no name :: [{"namespace":"a","matchLabels":{"x":"y"},"annotations":{}}] :: rule 0: name: expected a DNS label (lowercase letters, digits and -), got nothing
      an unknown field :: [{"name":"a","namespace":"a","selector":{}}] :: rule 0: unknown field "selector" (known: name, namespace, matchLabels, annotations)
      kube-system :: [{"name":"a","namespace":"kube-system","matchLabels":{"x":"y"},"annotations":{}}] :: rule "a": namespace: the webhook never injects into kube-system
      no labels :: [{"name":"a","namespace":"n","matchLabels":{},"annotations":{}}] :: rule "a": matchLabels: name at least one label
      a label that is a list :: [{"name":"a","namespace":"n","matchLabels":{"x":[]},"annotations":{}}] :: rule "a": matchLabels: x: expected a string, got a list
      twice the same name :: [{"name":"a","namespace":"n","matchLabels":{"x":"y"},"annotations":{}},{"name":"a","namespace":"m","matchLabels":{"x":"y"},"annotations":{}}] :: rule 1: the name "a" is used twice
      """)
  void injectionRules_malformed_isReported(String name, String json, String problem) {
    assertThat(problemsOf(() -> fixture.loadEnv(Map.of("SIDECAR_WEBHOOK_INJECTION_RULES", json))))
        .containsExactly("webhook.injectionRules (SIDECAR_WEBHOOK_INJECTION_RULES): " + problem);
  }
}
