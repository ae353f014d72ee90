package dev.transitsidecar.rotate;

import java.util.Optional;

/**
 * How a rotation ended. The key was rotated (or an interrupted rotation finished) and the keystore rewrapped and
 * written in every case; {@code heldBack} says why {@code min_decryption_version} stayed below what was wanted.
 *
 * @param key {@code mount/key}
 * @param rotated whether this run added a key version (false when it finished an interrupted one)
 * @param heldBack the interlock's one-line reason, when a version still in use kept the raise back
 */
public record RotationResult(String key, int latestVersion, int minDecryptionVersion, boolean rotated,
    Optional<String> heldBack) {}
