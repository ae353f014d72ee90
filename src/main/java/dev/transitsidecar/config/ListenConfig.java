package dev.transitsidecar.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The loopback API listener.
 *
 * @param port TCP port; 0 means no TCP listener, and then {@code unixSocket} is present
 * @param clientTokenFile when present, clients must present the token it holds
 * @param healthPort when not 0, a second listener on all addresses serves only {@code /healthz}, {@code /readyz} and
 *     {@code /metrics}, for the kubelet's probes and for Prometheus, which reach the pod's IP and not its loopback
 */
public record ListenConfig(
    String address,
    int port,
    Optional<Path> unixSocket,
    boolean requireRequestHeader,
    int maxBodyBytes,
    Optional<Path> clientTokenFile,
    int healthPort) {}
