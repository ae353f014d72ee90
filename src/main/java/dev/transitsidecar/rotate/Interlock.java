package dev.transitsidecar.rotate;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How far {@code min_decryption_version} may be raised (docs/rotation.md): to the version wanted ({@code auto}:
 * the latest; or the one asked for), but never above a version still in use, unless forced. Never lowered.
 *
 * @param target the version to set; no change when it is not above the current one
 * @param blocking the oldest version in use below the wanted one: it held the raise back, or (forced) is locked out
 * @param forced whether {@code blocking} was overridden
 * @param holding every use below the wanted version (the oldest is {@code blocking}), oldest first, for the message
 */
record Interlock(int current, int target, Optional<InUse> blocking, boolean forced, List<InUse> holding) {
  Interlock {
    holding = List.copyOf(holding);
  }

  static Interlock decide(int current, int wanted, List<InUse> inUse, boolean force) {
    List<InUse> holding = inUse.stream()
        .filter(u -> u.version() >= current && u.version() < wanted)
        .sorted(Comparator.comparingInt(InUse::version))
        .toList();
    Optional<InUse> oldest = holding.stream().findFirst();
    if (oldest.isEmpty() || force) {
      return new Interlock(current, Math.max(current, wanted), oldest, oldest.isPresent(), holding);
    }
    return new Interlock(current, Math.max(current, oldest.get().version()), oldest, false, holding);
  }

  boolean raises() {
    return target > current;
  }

  /** Whether a version still in use kept the raise below what was wanted. */
  boolean heldBack() {
    return blocking.isPresent() && !forced;
  }
}
