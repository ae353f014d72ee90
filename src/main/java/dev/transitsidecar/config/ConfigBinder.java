package dev.transitsidecar.config;

import static dev.transitsidecar.config.ConfigSchema.*;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the YAML document and the env into a {@link SidecarConfig}: reads both, resolves and parses
 * every key, checks the rules across keys, and either builds the records or throws one
 * {@link InvalidConfigException} with every problem.
 */
final class ConfigBinder {
  private ConfigBinder() {}

  static SidecarConfig bind(JsonObject document, Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Map<String, Raw> file = FileSettings.read(document, problems);
    Map<String, Raw> overrides = EnvSettings.read(env, problems);
    Settings settings = Settings.resolve(file, overrides, problems);
    CrossChecks.check(settings, problems);
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return build(settings);
  }

  static SidecarConfig defaults() {
    return build(Settings.defaults());
  }

  private static SidecarConfig build(Settings s) {
    return new SidecarConfig(
        listen(s),
        vault(s),
        auth(s),
        new TransitConfig(s.get(TRANSIT_MOUNT), s.get(TRANSIT_KEYS)),
        cache(s),
        new KeystoreConfig(s.get(KEYSTORE_FILE), s.get(KEYSTORE_TRANSIT_KEY), s.get(KEYSTORE_SECRET_NAME)
            .map(name -> new KeystoreSecret(s.get(KEYSTORE_SECRET_NAMESPACE), name, s.get(KEYSTORE_SECRET_KEY)))),
        new RotationConfig(s.get(ROTATION_INTERVAL), s.get(ROTATION_MIN_DECRYPTION_VERSION),
            new RotationConfig.Interlock(s.get(ROTATION_INTERLOCK_NAMESPACES), s.get(ROTATION_INTERLOCK_TIMEOUT)),
            new RotationConfig.K10(s.get(ROTATION_K10_NAMESPACE), s.get(ROTATION_K10_PASSKEY_PREFIX),
                s.get(ROTATION_K10_WAIT_TIMEOUT))),
        new ProxyConfig(new CoalesceConfig(
            s.get(COALESCE_ENABLED), s.get(COALESCE_WINDOW), s.get(COALESCE_MAX_BATCH))),
        webhook(s),
        new LogConfig(s.get(LOG_FORMAT), s.get(LOG_LEVEL)));
  }

  private static ListenConfig listen(Settings s) {
    return new ListenConfig(s.get(LISTEN_ADDRESS), s.get(LISTEN_PORT), s.get(LISTEN_UNIX_SOCKET),
        s.get(LISTEN_REQUIRE_REQUEST_HEADER), s.get(LISTEN_MAX_BODY_BYTES),
        s.get(LISTEN_CLIENT_TOKEN_FILE), s.get(LISTEN_HEALTH_PORT), s.get(LISTEN_IDLE_TIMEOUT),
        s.get(LISTEN_HEADER_TIMEOUT), s.get(LISTEN_SHUTDOWN_GRACE));
  }

  private static VaultConfig vault(Settings s) {
    TlsConfig tls = new TlsConfig(s.get(VAULT_TLS_CA_FILE), s.get(VAULT_TLS_SERVER_NAME),
        s.get(VAULT_TLS_INSECURE_SKIP_VERIFY));
    return new VaultConfig(s.get(VAULT_ADDRESS), s.get(VAULT_NAMESPACE), s.get(VAULT_TIMEOUT),
        s.get(VAULT_RETRIES), tls, s.get(VAULT_CIRCUIT_FAILURES), s.get(VAULT_CIRCUIT_RESET_TIMEOUT));
  }

  private static AuthConfig auth(Settings s) {
    KubernetesAuthConfig kubernetes = new KubernetesAuthConfig(s.get(AUTH_K8S_ROLE),
        s.get(AUTH_K8S_MOUNT_PATH), s.get(AUTH_K8S_SA_TOKEN_FILE));
    AppRoleAuthConfig approle = new AppRoleAuthConfig(s.get(AUTH_APPROLE_MOUNT_PATH),
        s.get(AUTH_APPROLE_ROLE_ID_FILE), s.get(AUTH_APPROLE_SECRET_ID_FILE));
    return new AuthConfig(s.get(AUTH_METHOD), s.get(AUTH_TOKEN_FILE), kubernetes, approle);
  }

  private static CacheConfig cache(Settings s) {
    return new CacheConfig(s.get(CACHE_TTL), s.get(CACHE_STALE_IF_ERROR), s.get(CACHE_MAX_ENTRIES),
        s.get(CACHE_MAX_PLAINTEXT_BYTES), s.get(CACHE_POLICY_CHECK_INTERVAL),
        s.get(CACHE_LOCK_MEMORY), s.get(CACHE_MEMORY_BACKEND));
  }

  private static WebhookConfig webhook(Settings s) {
    return new WebhookConfig(s.get(WEBHOOK_PORT), s.get(WEBHOOK_CERT_FILE), s.get(WEBHOOK_KEY_FILE),
        s.get(WEBHOOK_IMAGE), s.get(WEBHOOK_VAULT_ADDRESS), s.get(WEBHOOK_NATIVE_SIDECAR),
        s.get(WEBHOOK_INJECTION_RULES), s.get(WEBHOOK_SHUTDOWN_GRACE));
  }
}
