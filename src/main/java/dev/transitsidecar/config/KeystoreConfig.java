package dev.transitsidecar.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The sidecar-owned master key (docs/design.md, "The keystore").
 *
 * @param file empty means no keystore, so derived keys are off
 */
public record KeystoreConfig(Optional<Path> file, String transitKey) {}
