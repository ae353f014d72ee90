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

  static final Key<String> LISTEN_ADDRESS = key("listen.address", TEXT, text(), "127.0.0.1");
  static final Key<Integer> LISTEN_PORT = key("listen.port", INT, integer(0, 65535), 8200);
  static final Key<Optional<Path>> LISTEN_UNIX_SOCKET =
      key("listen.unixSocket", TEXT, optionalPath(), Optional.empty());
  static final Key<Boolean> LISTEN_REQUIRE_REQUEST_HEADER =
      key("listen.requireRequestHeader", BOOL, bool(), true);
  static final Key<Integer> LISTEN_MAX_BODY_BYTES =
      key("listen.maxBodyBytes", INT, integer(1, 33_554_432), 1_048_576);
  static final Key<Optional<Path>> LISTEN_CLIENT_TOKEN_FILE =
      key("listen.clientTokenFile", TEXT, optionalPath(), Optional.empty());
  static final Key<Integer> LISTEN_HEALTH_PORT = key("listen.healthPort", INT, integer(0, 65535), 0);
  static final Key<Duration> LISTEN_IDLE_TIMEOUT =
      key("listen.idleTimeout", TEXT, duration(false), ServerTimeouts.DEFAULT_IDLE);
  static final Key<Duration> LISTEN_HEADER_TIMEOUT =
      key("listen.headerTimeout", TEXT, duration(false), ServerTimeouts.DEFAULT_HEADER);

  static final Key<URI> VAULT_ADDRESS =
      vaultKey("vault.address", httpUri(), URI.create("https://vault.vault.svc:8200"), "VAULT_ADDR");
  static final Key<Optional<String>> VAULT_NAMESPACE =
      vaultKey("vault.namespace", optionalText(), Optional.empty(), "VAULT_NAMESPACE");
  static final Key<Duration> VAULT_TIMEOUT =
      key("vault.timeout", TEXT, duration(false), Duration.ofSeconds(5));
  static final Key<Integer> VAULT_RETRIES = key("vault.retries", INT, integer(0, 10), 2);
  static final Key<Optional<Path>> VAULT_TLS_CA_FILE =
      key("vault.tls.caFile", TEXT, optionalPath(), Optional.empty());
  static final Key<Optional<String>> VAULT_TLS_SERVER_NAME =
      key("vault.tls.serverName", TEXT, optionalText(), Optional.empty());
  static final Key<Boolean> VAULT_TLS_INSECURE_SKIP_VERIFY =
      key("vault.tls.insecureSkipVerify", BOOL, bool(), false);

  static final Key<AuthMethod> AUTH_METHOD =
      key("auth.method", TEXT, oneOf(AuthMethod.class), AuthMethod.TOKEN);
  static final Key<Path> AUTH_TOKEN_FILE =
      key("auth.tokenFile", TEXT, path(), Path.of("/vault/secrets/vault_token"));
  static final Key<Optional<String>> AUTH_K8S_ROLE =
      key("auth.kubernetes.role", TEXT, optionalText(), Optional.empty());
  static final Key<String> AUTH_K8S_MOUNT_PATH =
      key("auth.kubernetes.mountPath", TEXT, Parsers.mountPath(), "kubernetes");
  static final Key<Path> AUTH_K8S_SA_TOKEN_FILE =
      key("auth.kubernetes.serviceAccountTokenFile", TEXT, path(),
          Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"));
  static final Key<String> AUTH_APPROLE_MOUNT_PATH =
      key("auth.approle.mountPath", TEXT, Parsers.mountPath(), "approle");
  static final Key<Optional<Path>> AUTH_APPROLE_ROLE_ID_FILE =
      key("auth.approle.roleIdFile", TEXT, optionalPath(), Optional.empty());
  static final Key<Optional<Path>> AUTH_APPROLE_SECRET_ID_FILE =
      key("auth.approle.secretIdFile", TEXT, optionalPath(), Optional.empty());

  static final Key<String> TRANSIT_MOUNT = key("transit.mount", TEXT, name(), "transit");
  static final Key<List<String>> TRANSIT_KEYS =
      key("transit.keys", LIST, Parsers.names(), List.of("kasten"));

  static final Key<Duration> CACHE_TTL =
      key("cache.ttl", TEXT, duration(false), Duration.ofMinutes(15));
  static final Key<Duration> CACHE_STALE_IF_ERROR =
      key("cache.staleIfError", TEXT, duration(true), Duration.ofMinutes(5));
  static final Key<Integer> CACHE_MAX_ENTRIES = key("cache.maxEntries", INT, integer(1, 4096), 16);
  static final Key<Integer> CACHE_MAX_PLAINTEXT_BYTES =
      key("cache.maxPlaintextBytes", INT, integer(1, 4096), 64);
  static final Key<Duration> CACHE_POLICY_CHECK_INTERVAL =
      key("cache.policyCheckInterval", TEXT, duration(false), Duration.ofSeconds(60));
  static final Key<LockMemory> CACHE_LOCK_MEMORY =
      key("cache.lockMemory", TEXT_OR_OFF, oneOf(LockMemory.class), LockMemory.PREFERRED);

  static final Key<Optional<Path>> KEYSTORE_FILE =
      key("keystore.file", TEXT, optionalPath(), Optional.empty());
  static final Key<String> KEYSTORE_TRANSIT_KEY =
      key("keystore.transitKey", TEXT, name(), "kasten");

  static final Key<Duration> ROTATION_INTERVAL =
      key("rotation.interval", TEXT, duration(true), Duration.ZERO);
  static final Key<OptionalInt> ROTATION_MIN_DECRYPTION_VERSION =
      key("rotation.minDecryptionVersion", TEXT, Parsers.autoOrVersion(), OptionalInt.empty());

  static final Key<Boolean> COALESCE_ENABLED = key("proxy.coalesce.enabled", BOOL, bool(), true);
  static final Key<Duration> COALESCE_WINDOW =
      key("proxy.coalesce.window", TEXT, duration(false), Duration.ofMillis(1));
  static final Key<Integer> COALESCE_MAX_BATCH =
      key("proxy.coalesce.maxBatch", INT, integer(1, 1000), 64);

  static final Key<Integer> WEBHOOK_PORT = key("webhook.port", INT, integer(1, 65535), 8443);
  static final Key<Path> WEBHOOK_CERT_FILE =
      key("webhook.certFile", TEXT, path(), Path.of("/etc/webhook/tls.crt"));
  static final Key<Path> WEBHOOK_KEY_FILE =
      key("webhook.keyFile", TEXT, path(), Path.of("/etc/webhook/tls.key"));
  static final Key<String> WEBHOOK_IMAGE =
      key("webhook.image", TEXT, text(), "transit-sidecar:latest");
  static final Key<URI> WEBHOOK_VAULT_ADDRESS =
      key("webhook.vaultAddress", TEXT, httpUri(), URI.create("https://vault.vault.svc:8200"));
  static final Key<Boolean> WEBHOOK_NATIVE_SIDECAR =
      key("webhook.nativeSidecar", BOOL, bool(), false);

  static final Key<LogFormat> LOG_FORMAT =
      key("log.format", TEXT, oneOf(LogFormat.class), LogFormat.JSON);
  static final Key<String> LOG_LEVEL =
      key("log.level", TEXT, Parsers.word(List.of("trace", "debug", "info", "warn", "error")),
          "info");

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

  private static <T> Key<T> key(String path, Kind kind, Parser<T> parser, T defaultValue) {
    Key<T> key = new Key<>(path, kind, parser, defaultValue, Optional.empty());
    REGISTRY.add(key);
    return key;
  }

  private static <T> Key<T> vaultKey(String path, Parser<T> parser, T defaultValue, String vaultEnv) {
    Key<T> key = new Key<>(path, TEXT, parser, defaultValue, Optional.of(vaultEnv));
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
