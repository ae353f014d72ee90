package dev.transitsidecar.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach Vault.
 *
 * @param address absolute http or https URI with a host
 * @param timeout per request, positive
 * @param retries 0..10 retries of a failed idempotent request
 */
public record VaultConfig(
    URI address, Optional<String> namespace, Duration timeout, int retries, TlsConfig tls) {}
