package dev.transitsidecar.devvault;

import java.time.Clock;
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
 */
public record DevVaultOptions(
    String host, int port, Clock clock, String rootToken, String transitMount, List<String> transitKeys) {
  public DevVaultOptions {
    transitKeys = List.copyOf(transitKeys);
  }

  /** Loopback, a free port, the system clock, a random root token, {@code transit} with no keys. */
  public static DevVaultOptions defaults() {
    return new DevVaultOptions("127.0.0.1", 0, Clock.systemUTC(), null, "transit", List.of());
  }

  public DevVaultOptions withPort(int newPort) {
    return new DevVaultOptions(host, newPort, clock, rootToken, transitMount, transitKeys);
  }

  public DevVaultOptions withClock(Clock newClock) {
    return new DevVaultOptions(host, port, newClock, rootToken, transitMount, transitKeys);
  }

  public DevVaultOptions withRootToken(String newRootToken) {
    return new DevVaultOptions(host, port, clock, newRootToken, transitMount, transitKeys);
  }

  public DevVaultOptions withTransitKeys(List<String> keys) {
    return new DevVaultOptions(host, port, clock, rootToken, transitMount, keys);
  }
}
