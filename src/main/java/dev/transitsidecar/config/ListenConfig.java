package dev.transitsidecar.config;

import dev.transitsidecar.http.ServerTimeouts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The loopback API listener.
 *
 * @param port TCP port; 0 means no TCP listener, and then {@code unixSocket} is present
 * @param clientTokenFile when present, clients must present the token it holds
 * @param healthPort when not 0, a second listener on all addresses serves only {@code /healthz}, {@code /readyz} and
 *     {@code /metrics}, for the kubelet's probes and for Prometheus, which reach the pod's IP and not its loopback
 * @param idleTimeout a connection with no traffic for this long is closed (both listeners)
 * @param headerTimeout a new connection must deliver its first request's headers within this time (both listeners);
 *     see {@link ServerTimeouts}
 * @param shutdownGrace after SIGTERM, how long the listeners keep accepting while {@code /readyz} answers 503
 *     (docs/reliability.md#shutdown)
 */
public record ListenConfig(
    String address,
    int port,
    Optional<Path> unixSocket,
    boolean requireRequestHeader,
    int maxBodyBytes,
    Optional<Path> clientTokenFile,
    int healthPort,
    Duration idleTimeout,
    Duration headerTimeout,
    Duration shutdownGrace) {
  /** After SIGTERM the API keeps accepting for 5 s by default ({@code listen.shutdownGrace}). */
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);

  /** With the default shutdown grace. */
  public ListenConfig(String address, int port, Optional<Path> unixSocket, boolean requireRequestHeader,
      int maxBodyBytes, Optional<Path> clientTokenFile, int healthPort, Duration idleTimeout, Duration headerTimeout) {
    this(address, port, unixSocket, requireRequestHeader, maxBodyBytes, clientTokenFile, healthPort, idleTimeout,
        headerTimeout, DEFAULT_SHUTDOWN_GRACE);
  }

  /** With the default timeouts ({@link ServerTimeouts#DEFAULTS}). */
  public ListenConfig(String address, int port, Optional<Path> unixSocket, boolean requireRequestHeader,
      int maxBodyBytes, Optional<Path> clientTokenFile, int healthPort) {
    this(address, port, unixSocket, requireRequestHeader, maxBodyBytes, clientTokenFile, healthPort,
        ServerTimeouts.DEFAULT_IDLE, ServerTimeouts.DEFAULT_HEADER);
  }

  /** The timeouts of the loopback API and of the probe listener. */
  public ServerTimeouts timeouts() {
    return new ServerTimeouts(idleTimeout, headerTimeout);
  }
}
