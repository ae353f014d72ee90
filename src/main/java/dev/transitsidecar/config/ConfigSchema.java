package dev.transitsidecar.config;

import static dev.transitsidecar.config.Kind.BOOL;
import static dev.transitsidecar.config.Kind.INT;
import static dev.transitsidecar.config.Kind.LIST;
import static dev.transitsidecar.config.Kind.TEXT;
import static dev.transitsidecar.config.Kind.TEXT_OR_OFF;
import static dev.transitsidecar.config.Parsers.bool;
import static dev.transitsidecar.config.Parsers.duration;
import static dev.transitsidecar.config.Parsers.httpUri;
import static dev.transitsidecar.config.Parsers.integer;
import static dev.transitsidecar.config.Parsers.name;
import static dev.transitsidecar.config.Parsers.oneOf;
import static dev.transitsidecar.config.Parsers.optionalNamespace;
import static dev.transitsidecar.config.Parsers.optionalObjectName;
import static dev.transitsidecar.config.Parsers.optionalPath;
import static dev.transitsidecar.config.Parsers.optionalText;
import static dev.transitsidecar.config.Parsers.path;
import static dev.transitsidecar.config.Parsers.text;

import dev.transitsidecar.http.ServerTimeouts;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The table of every known key (docs/configuration.md): the one source of truth for file keys, env
 * names, parsing and defaults. Adding a key here makes it readable from the file and the env.
 */
final class ConfigSchema {
  // Declared before the keys: key() registers each key here during class initialisation.
  private static final List<Key<?>> REGISTRY = new ArrayList<>();

  static final Key<String> LISTEN_ADDRESS = key("listen.address", TEXT, text(), "127.0.0.1",
      "the loopback API binds here; anything but loopback must be chosen on purpose");
  static final Key<Integer> LISTEN_PORT = key("listen.port", INT, integer(0, 65535), 8200,
      "TCP port, 0..65535; 0 turns TCP off and then unixSocket is required");
  static final Key<Optional<Path>> LISTEN_UNIX_SOCKET =
      key("listen.unixSocket", TEXT, optionalPath(), Optional.empty(),
          "optional Unix domain socket path to serve on as well");
  static final Key<Boolean> LISTEN_REQUIRE_REQUEST_HEADER =
      key("listen.requireRequestHeader", BOOL, bool(), true,
          "require \"X-Vault-Request: true\" on proxied requests (else 412)");
  static final Key<Integer> LISTEN_MAX_BODY_BYTES =
      key("listen.maxBodyBytes", INT, integer(1, 33_554_432), 1_048_576,
          "largest request body, 1..33554432 bytes (else 413)");
  static final Key<Optional<Path>> LISTEN_CLIENT_TOKEN_FILE =
      key("listen.clientTokenFile", TEXT, optionalPath(), Optional.empty(),
          "if set, clients must present the token in this file (else 403)");
  static final Key<Integer> LISTEN_HEALTH_PORT = key("listen.healthPort", INT, integer(0, 65535), 0,
      "if not 0: /healthz, /readyz, /metrics only, on all addresses (kubelet probes, Prometheus)");
  static final Key<Duration> LISTEN_IDLE_TIMEOUT =
      key("listen.idleTimeout", TEXT, duration(false), ServerTimeouts.DEFAULT_IDLE,
          "a connection with no traffic for this long is closed (API and probe listener)");
  static final Key<Duration> LISTEN_HEADER_TIMEOUT =
      key("listen.headerTimeout", TEXT, duration(false), ServerTimeouts.DEFAULT_HEADER,
          "a new connection must send its request headers within this time (slowloris)");
  static final Key<Duration> LISTEN_SHUTDOWN_GRACE =
      key("listen.shutdownGrace", TEXT, duration(true, Duration.ofMinutes(10), "10m"),
          ListenConfig.DEFAULT_SHUTDOWN_GRACE,
          "after SIGTERM: /readyz answers 503 and the API keeps accepting this long, 0s..10m");

  static final Key<URI> VAULT_ADDRESS =
      vaultKey("vault.address", httpUri(), URI.create("https://vault.vault.svc:8200"), "VAULT_ADDR",
          "absolute http(s) URI of Vault");
  static final Key<Optional<String>> VAULT_NAMESPACE =
      vaultKey("vault.namespace", optionalText(), Optional.empty(), "VAULT_NAMESPACE",
          "Vault Enterprise namespace; empty = none");
  static final Key<Duration> VAULT_TIMEOUT =
      key("vault.timeout", TEXT, duration(false), Duration.ofSeconds(5),
          "per request to Vault, more than zero");
  static final Key<Integer> VAULT_RETRIES = key("vault.retries", INT, integer(0, 10), 2,
      "retries of a failed idempotent request, 0..10");
  static final Key<Integer> VAULT_CIRCUIT_FAILURES =
      key("vault.circuit.failures", INT, integer(1, 100), VaultConfig.DEFAULT_CIRCUIT_FAILURES,
          "failures in a row (within 10 s) that open the circuit breaker, 1..100");
  static final Key<Duration> VAULT_CIRCUIT_RESET_TIMEOUT =
      key("vault.circuit.resetTimeout", TEXT, duration(false, Duration.ofMinutes(10), "10m"),
          VaultConfig.DEFAULT_CIRCUIT_RESET_TIMEOUT,
          "an open circuit fails requests at once this long, then lets one try Vault, up to 10m");
  static final Key<Optional<Path>> VAULT_TLS_CA_FILE =
      key("vault.tls.caFile", TEXT, optionalPath(), Optional.empty(),
          "PEM bundle to trust for Vault's certificate; empty = system trust store");
  static final Key<Optional<String>> VAULT_TLS_SERVER_NAME =
      key("vault.tls.serverName", TEXT, optionalText(), Optional.empty(),
          "name to verify in Vault's certificate (and SNI); empty = the address host");
  static final Key<Boolean> VAULT_TLS_INSECURE_SKIP_VERIFY =
      key("vault.tls.insecureSkipVerify", BOOL, bool(), false,
          "never true in production");

  static final Key<AuthMethod> AUTH_METHOD =
      key("auth.method", TEXT, oneOf(AuthMethod.class), AuthMethod.TOKEN,
          "token | kubernetes | approle");
  static final Key<Path> AUTH_TOKEN_FILE =
      key("auth.tokenFile", TEXT, path(), Path.of("/vault/secrets/vault_token"),
          "method token: file holding the Vault token");
  static final Key<Optional<String>> AUTH_K8S_ROLE =
      key("auth.kubernetes.role", TEXT, optionalText(), Optional.empty(),
          "Vault role to log in as; required with method kubernetes");
  static final Key<String> AUTH_K8S_MOUNT_PATH =
      key("auth.kubernetes.mountPath", TEXT, Parsers.mountPath(), "kubernetes",
          "where Vault's Kubernetes auth method is mounted");
  static final Key<Path> AUTH_K8S_SA_TOKEN_FILE =
      key("auth.kubernetes.serviceAccountTokenFile", TEXT, path(),
          Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"),
          "the pod's service-account token, sent to Vault's Kubernetes auth");
  static final Key<String> AUTH_APPROLE_MOUNT_PATH =
      key("auth.approle.mountPath", TEXT, Parsers.mountPath(), "approle",
          "where Vault's AppRole auth method is mounted");
  static final Key<Optional<Path>> AUTH_APPROLE_ROLE_ID_FILE =
      key("auth.approle.roleIdFile", TEXT, optionalPath(), Optional.empty(),
          "required with method approle");
  static final Key<Optional<Path>> AUTH_APPROLE_SECRET_ID_FILE =
      key("auth.approle.secretIdFile", TEXT, optionalPath(), Optional.empty(),
          "required with method approle");

  static final Key<String> TRANSIT_MOUNT = key("transit.mount", TEXT, name(), "transit",
      "where the Transit engine is mounted");
  static final Key<List<String>> TRANSIT_KEYS =
      key("transit.keys", LIST, Parsers.names(), List.of("kasten"),
          "the Transit keys the proxy allows; at least one");

  static final Key<Duration> CACHE_TTL =
      key("cache.ttl", TEXT, duration(false), Duration.ofMinutes(15),
          "how long a decrypted plaintext (and the master key) is served from memory, more than zero; used "
              + "entries are fetched again at 75 to 85 % of it");
  static final Key<Duration> CACHE_STALE_IF_ERROR =
      key("cache.staleIfError", TEXT, duration(true), Duration.ofMinutes(5),
          "extra time an expired entry may serve while Vault fails or while it is being fetched again");
  static final Key<Integer> CACHE_MAX_ENTRIES = key("cache.maxEntries", INT, integer(1, 4096), 16,
      "1..4096");
  static final Key<Integer> CACHE_MAX_PLAINTEXT_BYTES =
      key("cache.maxPlaintextBytes", INT, integer(1, 4096), 64,
          "larger plaintexts are never cached, 1..4096");
  static final Key<Duration> CACHE_POLICY_CHECK_INTERVAL =
      key("cache.policyCheckInterval", TEXT, duration(false), Duration.ofSeconds(60),
          "how often min_decryption_version is checked, more than zero");
  static final Key<LockMemory> CACHE_LOCK_MEMORY =
      key("cache.lockMemory", TEXT_OR_OFF, oneOf(LockMemory.class), LockMemory.PREFERRED,
          "required | preferred | off; memfd_secret pages are locked whatever it says");
  static final Key<MemoryBackend> CACHE_MEMORY_BACKEND =
      key("cache.memoryBackend", TEXT, oneOf(MemoryBackend.class), MemoryBackend.AUTO,
          "auto (memfd_secret where the kernel allows it, else mmap) | memfd_secret (or no start) | mmap");

  static final Key<Optional<Path>> KEYSTORE_FILE =
      key("keystore.file", TEXT, optionalPath(), Optional.empty(),
          "keystore JSON file; empty = no derived keys");
  static final Key<String> KEYSTORE_TRANSIT_KEY =
      key("keystore.transitKey", TEXT, name(), "kasten",
          "the Transit key that wraps the master key");
  static final Key<Optional<String>> KEYSTORE_SECRET_NAME =
      key("keystore.secret.name", TEXT, optionalObjectName(), Optional.empty(),
          "if set, rotate and the keystore commands read and write the keystore in this Kubernetes Secret (through"
              + " the API server, with optimistic concurrency) instead of keystore.file; run still reads keystore.file"
              + " (the Secret mounted)");
  static final Key<Optional<String>> KEYSTORE_SECRET_NAMESPACE =
      key("keystore.secret.namespace", TEXT, optionalNamespace(), Optional.empty(),
          "the Secret's namespace; empty = the pod's own (in a cluster) or the kubeconfig context's");
  static final Key<String> KEYSTORE_SECRET_KEY =
      key("keystore.secret.key", TEXT, name(), "keystore.json",
          "the key of the Secret's data that holds the keystore JSON");

  static final Key<Duration> ROTATION_INTERVAL =
      key("rotation.interval", TEXT, duration(true), Duration.ZERO,
          "0s = rotate only on demand (the rotate command)");
  static final Key<OptionalInt> ROTATION_MIN_DECRYPTION_VERSION =
      key("rotation.minDecryptionVersion", TEXT, Parsers.autoOrVersion(), OptionalInt.empty(),
          "auto, or a fixed version of 1 or more");
  static final Key<List<String>> ROTATION_INTERLOCK_NAMESPACES =
      key("rotation.interlock.namespaces", LIST, Parsers.namespaces(), List.of(),
          "rotate asks every pod carrying the sidecar for the key in these namespaces (* = all) through the "
              + "Kubernetes API and their health ports; empty = the sidecar at listen only");
  static final Key<Duration> ROTATION_INTERLOCK_TIMEOUT =
      key("rotation.interlock.timeout", TEXT, duration(false), Duration.ofSeconds(5),
          "how long rotate waits for each pod's answer; a running pod that does not answer holds the raise back");
  static final Key<Optional<String>> ROTATION_K10_NAMESPACE =
      key("rotation.k10.namespace", TEXT, optionalNamespace(), Optional.empty(),
          "K10 mode when set: after rotating, a new K10 Vault passkey for the key, the older ones deleted "
              + "(docs/k10.md); K10's pods there are asked too");
  static final Key<String> ROTATION_K10_PASSKEY_PREFIX =
      key("rotation.k10.passkeyPrefix", TEXT, Parsers.objectNamePrefix(), "transit-sidecar-",
          "K10 mode: the new passkey is named <prefix><key>-v<version>");
  static final Key<Duration> ROTATION_K10_WAIT_TIMEOUT =
      key("rotation.k10.waitTimeout", TEXT, duration(false), Duration.ofMinutes(10),
          "K10 mode: how long to wait for K10 to report the new passkey in use before stopping");

  static final Key<Boolean> COALESCE_ENABLED = key("proxy.coalesce.enabled", BOOL, bool(), true,
      "merge concurrent single-item requests into one batch call");
  static final Key<Duration> COALESCE_WINDOW =
      key("proxy.coalesce.window", TEXT, duration(false), Duration.ofMillis(1),
          "how long to wait for company, more than zero");
  static final Key<Integer> COALESCE_MAX_BATCH =
      key("proxy.coalesce.maxBatch", INT, integer(1, 1000), 64,
          "1..1000 items per batch call");

  static final Key<Integer> WEBHOOK_PORT = key("webhook.port", INT, integer(1, 65535), 8443,
      "HTTPS port of the admission webhook, 1..65535");
  static final Key<Path> WEBHOOK_CERT_FILE =
      key("webhook.certFile", TEXT, path(), Path.of("/etc/webhook/tls.crt"),
          "PEM certificate the webhook serves HTTPS with (re-read every 30 s)");
  static final Key<Path> WEBHOOK_KEY_FILE =
      key("webhook.keyFile", TEXT, path(), Path.of("/etc/webhook/tls.key"),
          "PEM private key of webhook.certFile, unencrypted: PKCS #8, PKCS #1 (RSA) or SEC 1 (EC)");
  static final Key<String> WEBHOOK_IMAGE =
      key("webhook.image", TEXT, text(), "transit-sidecar:latest",
          "the image injected as the sidecar");
  static final Key<URI> WEBHOOK_VAULT_ADDRESS =
      key("webhook.vaultAddress", TEXT, httpUri(), URI.create("https://vault.vault.svc:8200"),
          "the Vault address injected sidecars use");
  static final Key<Boolean> WEBHOOK_NATIVE_SIDECAR =
      key("webhook.nativeSidecar", BOOL, bool(), false,
          "inject as a native sidecar (init container, restartPolicy Always; k8s 1.29+)");
  static final Key<List<InjectionRule>> WEBHOOK_INJECTION_RULES =
      key("webhook.injectionRules", Kind.JSON, Parsers.injectionRules(), List.of(),
          "pods injected as if annotated: [{name, namespace, matchLabels, annotations}] (docs/injection.md)");
  static final Key<Duration> WEBHOOK_SHUTDOWN_GRACE =
      key("webhook.shutdownGrace", TEXT, duration(true, Duration.ofMinutes(10), "10m"),
          WebhookConfig.DEFAULT_SHUTDOWN_GRACE,
          "after SIGTERM: /readyz answers 503 and /mutate keeps accepting this long, 0s..10m");

  static final Key<LogFormat> LOG_FORMAT =
      key("log.format", TEXT, oneOf(LogFormat.class), LogFormat.JSON,
          "json | text");
  static final Key<String> LOG_LEVEL =
      key("log.level", TEXT, Parsers.word(List.of("trace", "debug", "info", "warn", "error")),
          "info",
          "trace | debug | info | warn | error");

  /** Every key, in table order. */
  static final List<Key<?>> ALL = List.copyOf(REGISTRY);

  private static final Map<String, Key<?>> BY_PATH = index(ALL, Key::path);
  private static final Map<String, Key<?>> BY_ENV = index(ALL, Key::envName);

  private ConfigSchema() {}

  /** The key at this dotted path, if it is a known leaf. */
  static Optional<Key<?>> byPath(String path) {
    return Optional.ofNullable(BY_PATH.get(path));
  }

  /** The key a {@code SIDECAR_*} variable sets, if any. */
  static Optional<Key<?>> byEnvName(String name) {
    return Optional.ofNullable(BY_ENV.get(name));
  }

  /** True when the dotted path is a section (a map holding keys), such as {@code vault.tls}. */
  static boolean isSection(String path) {
    return BY_PATH.keySet().stream().anyMatch(p -> p.startsWith(path + "."));
  }

  private static <T> Key<T> key(String path, Kind kind, Parser<T> parser, T defaultValue, String meaning) {
    Key<T> key = new Key<>(path, kind, parser, defaultValue, Optional.empty(), meaning);
    REGISTRY.add(key);
    return key;
  }

  private static <T> Key<T> vaultKey(String path, Parser<T> parser, T defaultValue, String vaultEnv,
      String meaning) {
    Key<T> key = new Key<>(path, TEXT, parser, defaultValue, Optional.of(vaultEnv), meaning);
    REGISTRY.add(key);
    return key;
  }

  private static Map<String, Key<?>> index(List<Key<?>> keys, Function<Key<?>, String> name) {
    Map<String, Key<?>> index = new HashMap<>();
    for (Key<?> key : keys) {
      if (index.put(name.apply(key), key) != null) {
        throw new IllegalStateException("two keys share the name " + name.apply(key));
      }
    }
    return Map.copyOf(index);
  }
}
