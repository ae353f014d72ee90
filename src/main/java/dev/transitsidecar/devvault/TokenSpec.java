package dev.transitsidecar.devvault;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A token to create through {@link DevVault#createToken(TokenSpec)}: an orphan service token whose policies get
 * {@code default} added, like {@code auth/token/create-orphan}.
 *
 * @param policies policy names
 * @param ttl TTL; zero for the system default (768h unless configured)
 * @param explicitMaxTtl hard cap from creation; zero for none
 * @param period periodic token's renewal period; zero for none
 * @param renewable whether renew-self works
 */
public record TokenSpec(List<String> policies, Duration ttl, Duration explicitMaxTtl, Duration period,
    boolean renewable) {
  public TokenSpec {
    policies = List.copyOf(policies);
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(explicitMaxTtl, "explicitMaxTtl");
    Objects.requireNonNull(period, "period");
  }

  /** A renewable token with the given policies and the default TTL. */
  public static TokenSpec of(String... policies) {
    return new TokenSpec(List.of(policies), Duration.ZERO, Duration.ZERO, Duration.ZERO, true);
  }

  public TokenSpec withTtl(Duration newTtl) {
    return new TokenSpec(policies, newTtl, explicitMaxTtl, period, renewable);
  }

  public TokenSpec withExplicitMaxTtl(Duration newMax) {
    return new TokenSpec(policies, ttl, newMax, period, renewable);
  }

  public TokenSpec withPeriod(Duration newPeriod) {
    return new TokenSpec(policies, ttl, explicitMaxTtl, newPeriod, renewable);
  }

  public TokenSpec withRenewable(boolean newRenewable) {
    return new TokenSpec(policies, ttl, explicitMaxTtl, period, newRenewable);
  }
}
