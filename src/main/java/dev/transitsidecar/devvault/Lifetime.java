package dev.transitsidecar.devvault;

import java.time.Duration;

/**
 * How long a token lives and may be renewed.
 *
 * @param ttl the requested TTL (zero: the system default, or none for root-policy tokens)
 * @param explicitMaxTtl hard cap from creation, zero for none
 * @param period periodic token: every renewal grants this much, zero for none
 * @param maxTtl the issuing backend's max TTL (an AppRole role's {@code token_max_ttl}), zero for the system max
 * @param renewable whether renew and renew-self are allowed
 */
record Lifetime(Duration ttl, Duration explicitMaxTtl, Duration period, Duration maxTtl, boolean renewable) {
  static Lifetime none() {
    return new Lifetime(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, false);
  }

  static Lifetime of(Duration ttl, Duration maxTtl) {
    return new Lifetime(ttl, Duration.ZERO, Duration.ZERO, maxTtl, true);
  }
}
