package dev.transitsidecar.config;

import java.nio.file.Path;
import java.util.Optional;

/** Vault's Kubernetes auth method; {@code role} is present whenever the method is in use. */
public record KubernetesAuthConfig(
    Optional<String> role, String mountPath, Path serviceAccountTokenFile) {}
