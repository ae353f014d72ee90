package dev.transitsidecar.devvault;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * How to start the embedded engine.
 *
 * @param host address to bind, normally 127.0.0.1
 * @param port port to bind; 0 picks a free one (read it back from {@link DevVault#port()})
 * @param clock the engine's time: token TTLs and key creation times come from it
 * @param rootToken the root token's id, or null for a random one
 * @param transitMount where the Transit engine is mounted, normally "transit"
 * @param transitKeys aes256-gcm96 keys created at start
 * @param maxTokenTtl the system default and max lease TTL (Vault's {@code default_lease_ttl}/{@code max_lease_ttl},
 *     768h by default): tokens without a TTL get it, and no token outlives it from its creation
 * @param maxRequestBytes largest accepted request body; larger ones get 413 (Vault's default is 32 MiB)
 */
public record DevVaultOptions(
    String host,
    int port,
    Clock clock,
    String rootToken,
    String transitMount,
    List<String> transitKeys,
    Duration maxTokenTtl,
    long maxRequestBytes) {
  public static final Duration DEFAULT_MAX_TOKEN_TTL = Duration.ofHours(768);
  public static final long DEFAULT_MAX_REQUEST_BYTES = 32L * 1024 * 1024;

  public DevVaultOptions {
    transitKeys = List.copyOf(transitKeys);
    if (!maxTokenTtl.isPositive() || maxRequestBytes <= 0) {
      throw new IllegalArgumentException("maxTokenTtl and maxRequestBytes must be positive");
    }
  }

  /** The original six-field form, with the default max TTL and body limit. */
  public DevVaultOptions(
      String host, int port, Clock clock, String rootToken, String transitMount, List<String> transitKeys) {
    this(host, port, clock, rootToken, transitMount, transitKeys, DEFAULT_MAX_TOKEN_TTL, DEFAULT_MAX_REQUEST_BYTES);
  }

  /** Loopback, a free port, the system clock, a random root token, {@code transit} with no keys. */
  public static DevVaultOptions defaults() {
    return new DevVaultOptions("127.0.0.1", 0, Clock.systemUTC(), null, "transit", List.of());
  }

  public DevVaultOptions withPort(int newPort) {
    return new DevVaultOptions(host, newPort, clock, rootToken, transitMount, transitKeys, maxTokenTtl,
        maxRequestBytes);
  }

  public DevVaultOptions withClock(Clock newClock) {
    return new DevVaultOptions(host, port, newClock, rootToken, transitMount, transitKeys, maxTokenTtl,
        maxRequestBytes);
  }

  public DevVaultOptions withRootToken(String newRootToken) {
    return new DevVaultOptions(host, port, clock, newRootToken, transitMount, transitKeys, maxTokenTtl,
        maxRequestBytes);
  }

  public DevVaultOptions withTransitMount(String newMount) {
    return new DevVaultOptions(host, port, clock, rootToken, newMount, transitKeys, maxTokenTtl, maxRequestBytes);
  }

  public DevVaultOptions withTransitKeys(List<String> keys) {
    return new DevVaultOptions(host, port, clock, rootToken, transitMount, keys, maxTokenTtl, maxRequestBytes);
  }

  public DevVaultOptions withMaxTokenTtl(Duration newMax) {
    return new DevVaultOptions(host, port, clock, rootToken, transitMount, transitKeys, newMax, maxRequestBytes);
  }

  public DevVaultOptions withMaxRequestBytes(long newMax) {
    return new DevVaultOptions(host, port, clock, rootToken, transitMount, transitKeys, maxTokenTtl, newMax);
  }

  /** Never prints the root token. */
  @Override
  public String toString() {
    return "DevVaultOptions[host=" + host + ", port=" + port + ", transitMount=" + transitMount
        + ", transitKeys=" + transitKeys + ", maxTokenTtl=" + maxTokenTtl + "]";
  }
}
