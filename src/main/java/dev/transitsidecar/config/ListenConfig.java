package dev.transitsidecar.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The loopback API listener.
 *
 * @param port TCP port; 0 means no TCP listener, and then {@code unixSocket} is present
 * @param clientTokenFile when present, clients must present the token it holds
 */
public record ListenConfig(
    String address,
    int port,
    Optional<Path> unixSocket,
    boolean requireRequestHeader,
    int maxBodyBytes,
    Optional<Path> clientTokenFile) {}
