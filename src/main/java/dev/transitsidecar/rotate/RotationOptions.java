package dev.transitsidecar.rotate;

import java.util.OptionalInt;

/**
 * How one rotation runs.
 *
 * @param dryRun print each step and change nothing
 * @param force raise {@code min_decryption_version} even above a version still in use (with a warning)
 * @param minDecryptionVersion empty means {@code auto}: the latest version, as far as the versions in use allow
 * @param requireSidecar stop when the running sidecar cannot be asked for the versions it decrypted
 */
public record RotationOptions(boolean dryRun, boolean force, OptionalInt minDecryptionVersion, boolean requireSidecar) {
  /** What the scheduled rotation uses: auto or the configured version, never forced. */
  public static RotationOptions scheduled(OptionalInt minDecryptionVersion) {
    return new RotationOptions(false, false, minDecryptionVersion, true);
  }
}
