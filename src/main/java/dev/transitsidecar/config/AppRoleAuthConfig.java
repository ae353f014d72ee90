package dev.transitsidecar.config;

import java.nio.file.Path;
import java.util.Optional;

/** Vault's AppRole auth method; both files are present whenever the method is in use. */
public record AppRoleAuthConfig(
    String mountPath, Optional<Path> roleIdFile, Optional<Path> secretIdFile) {}
