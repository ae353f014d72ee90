package dev.transitsidecar.config;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * Transit key rotation (docs/rotation.md).
 *
 * @param interval zero means only on demand
 * @param minDecryptionVersion empty means {@code auto}; else 1 or more
 */
public record RotationConfig(Duration interval, OptionalInt minDecryptionVersion) {}
