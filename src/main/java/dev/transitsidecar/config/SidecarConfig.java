package dev.transitsidecar.config;

/**
 * The whole configuration: one immutable, validated tree (docs/configuration.md). Build it with
 * {@link ConfigLoader#load}; pass it, or the sub-record a component needs, down. It holds no secret.
 */
public record SidecarConfig(
    ListenConfig listen,
    VaultConfig vault,
    AuthConfig auth,
    TransitConfig transit,
    CacheConfig cache,
    KeystoreConfig keystore,
    RotationConfig rotation,
    ProxyConfig proxy,
    WebhookConfig webhook,
    LogConfig log) {

  /** Every key at its documented default, the same as loading the shipped {@code sidecar.yaml}. */
  public static SidecarConfig defaults() {
    return ConfigBinder.defaults();
  }
}
