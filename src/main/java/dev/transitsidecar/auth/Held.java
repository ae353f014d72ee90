package dev.transitsidecar.auth;

import dev.transitsidecar.vault.VaultToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The token the sidecar holds and what Vault last said of its lifetime.
 *
 * @param since when {@link #lease()} was learnt (login, lookup or renewal)
 */
record Held(VaultToken token, Instant since, Lease lease) {
  /** Empty for a token that never expires. */
  Optional<Instant> expiresAt() {
    return lease.expires() ? Optional.of(since.plus(lease.ttl())) : Optional.empty();
  }

  /** The time left; zero once expired, and zero for a token that never expires (as Vault's {@code ttl}). */
  Duration remaining(Clock clock) {
    return expiresAt()
        .map(at -> Duration.between(clock.instant(), at))
        .map(d -> d.isNegative() ? Duration.ZERO : d)
        .orElse(Duration.ZERO);
  }

  Held renewed(Instant now, Lease renewal) {
    return new Held(token, now, renewal);
  }

  @Override
  public String toString() {
    return "Held[" + lease + " since " + since + "]";
  }
}
