package dev.transitsidecar.config;

import java.net.URI;
import java.nio.file.Path;

/**
 * The injection webhook (docs/injection.md).
 *
 * @param port 1..65535
 * @param vaultAddress the Vault address given to injected sidecars
 */
public record WebhookConfig(
    int port, Path certFile, Path keyFile, String image, URI vaultAddress, boolean nativeSidecar) {}
