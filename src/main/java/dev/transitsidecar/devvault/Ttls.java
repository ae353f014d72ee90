package dev.transitsidecar.devvault;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A port of Vault's {@code framework.CalculateTTL}: the TTL a token gets at creation or renewal, capped by the
 * effective max TTL (system max, backend max, explicit max) measured from the token's creation, with Vault's
 * capping warnings.
 */
final class Ttls {
  private Ttls() {}

  /** System-wide lease defaults (Vault: {@code default_lease_ttl}, {@code max_lease_ttl}; both 768h by default). */
  record SystemTtl(Duration defaultTtl, Duration maxTtl) {}

  /** The outcome: the TTL to grant and the warnings to return. */
  record Result(Duration ttl, List<String> warnings) {}

  /**
   * @param increment the requested increment (renewals), or zero
   * @param backendTtl the token's own TTL (at creation: the requested one; at renewal: the creation TTL)
   * @param limits the token's period, backend max TTL and explicit max TTL
   * @param start the token's creation time
   * @throws VaultError 400 {@code past the max TTL, cannot renew}
   */
  static Result calculate(
      SystemTtl sys, Duration increment, Duration backendTtl, Lifetime limits, Instant start, Instant now) {
    Instant truncatedNow = now.truncatedTo(ChronoUnit.SECONDS);
    Duration maxTtl = effectiveMax(sys, limits);
    List<String> warnings = new ArrayList<>();
    Duration ttl;
    Instant maxValid = null;
    if (limits.period().isPositive()) {
      ttl = limits.period();
      if (ttl.compareTo(maxTtl) > 0) {
        warnings.add(capWarning("period", ttl, maxTtl) + "period value is capped accordingly");
        ttl = maxTtl;
      }
      if (limits.explicitMaxTtl().isPositive()) {
        maxValid = start.truncatedTo(ChronoUnit.SECONDS).plus(limits.explicitMaxTtl());
      }
    } else {
      ttl = increment.isPositive() ? increment : backendTtl.isPositive() ? backendTtl : sys.defaultTtl();
      maxValid = start.truncatedTo(ChronoUnit.SECONDS).plus(maxTtl);
    }
    if (maxValid != null) {
      Duration maxValidTtl = Duration.between(truncatedNow, maxValid);
      if (!maxValidTtl.isPositive()) {
        throw VaultError.badRequest("past the max TTL, cannot renew");
      }
      if (maxValidTtl.compareTo(ttl) < 0) {
        warnings.add(capWarning("TTL", ttl, maxValidTtl) + "TTL value is capped accordingly");
        ttl = maxValidTtl;
      }
    }
    return new Result(ttl, warnings);
  }

  private static Duration effectiveMax(SystemTtl sys, Lifetime limits) {
    Duration max = sys.maxTtl();
    if (limits.maxTtl().isPositive() && limits.maxTtl().compareTo(max) < 0) {
      max = limits.maxTtl();
    }
    if (limits.explicitMaxTtl().isPositive() && limits.explicitMaxTtl().compareTo(max) < 0) {
      max = limits.explicitMaxTtl();
    }
    return max;
  }

  private static String capWarning(String what, Duration value, Duration max) {
    return "%s of \"%s\" exceeded the effective max_ttl of \"%s\"; "
        .formatted(what, GoDurations.format(value), GoDurations.format(max));
  }
}
