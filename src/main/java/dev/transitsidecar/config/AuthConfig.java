package dev.transitsidecar.config;

import java.nio.file.Path;

/**
 * How the sidecar obtains its Vault token. The token itself (a file's content, or {@code VAULT_TOKEN})
 * is never part of the configuration.
 */
public record AuthConfig(
    AuthMethod method, Path tokenFile, KubernetesAuthConfig kubernetes, AppRoleAuthConfig approle) {}
