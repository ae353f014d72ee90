package dev.transitsidecar.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The sidecar-owned master key (docs/design.md, "The keystore").
 *
 * @param file empty means no keystore, so derived keys are off; {@code run} always reads this file
 * @param secret where {@code rotate} and the {@code keystore} commands read and write the keystore instead of
 *     {@code file}, when set (docs/rotation.md, "The keystore in a Secret")
 */
public record KeystoreConfig(Optional<Path> file, String transitKey, Optional<KeystoreSecret> secret) {
  public KeystoreConfig(Optional<Path> file, String transitKey) {
    this(file, transitKey, Optional.empty());
  }
}
