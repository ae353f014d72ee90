package dev.transitsidecar.config;

import java.nio.file.Path;
import java.util.Optional;

/** TLS towards Vault: an extra CA bundle, a name to verify (and send as SNI), the escape hatch. */
public record TlsConfig(
    Optional<Path> caFile, Optional<String> serverName, boolean insecureSkipVerify) {}
