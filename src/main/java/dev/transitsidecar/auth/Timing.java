package dev.transitsidecar.auth;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to renew, after Vault Agent's lifetime watcher ({@code hashicorp/vault api/lifetime_watcher.go}):
 * <ul>
 *   <li>grace: a random 10–20% of the TTL Vault granted (recomputed whenever a renewal extends the token), so that
 *       many sidecars do not renew in step;</li>
 *   <li>the next renewal comes after two thirds of the time left plus a third of the grace (70–73% of it);</li>
 *   <li>the TTL counts as capped (an explicit max TTL stops renewals from extending it) when what is left is within
 *       the grace, or would be after that wait: then a login method logs in again at once;</li>
 *   <li>after a failure: 1 s, doubling up to 5 minutes, never past the time the token has left.</li>
 * </ul>
 */
final class Timing {
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private Timing() {}

  /** 10% of {@code granted}, plus a random share of another 10%. */
  static Duration grace(Duration granted, RandomGenerator random) {
    long nanos = granted.toNanos();
    if (nanos <= 0) {
      return Duration.ZERO;
    }
    long tenth = nanos / 10;
    return Duration.ofNanos(tenth + (long) (random.nextDouble() * tenth));
  }

  /** Two thirds of the time left plus a third of the grace. */
  static Duration untilRenewal(Duration remaining, Duration grace) {
    return Duration.ofNanos(remaining.toNanos() / 3 * 2 + grace.toNanos() / 3);
  }

  /** Renewals can no longer help: the time left is within the grace, or would be by the next renewal. */
  static boolean capped(Duration remaining, Duration grace) {
    return remaining.compareTo(grace) <= 0 || remaining.minus(untilRenewal(remaining, grace)).compareTo(grace) <= 0;
  }

  /** The wait after the {@code failures}-th consecutive failure (1 → 1 s, 2 → 2 s, ... up to 5 min). */
  static Duration backoff(int failures) {
    int doublings = Math.min(Math.max(failures, 1) - 1, 20);
    Duration wait = FIRST_BACKOFF.multipliedBy(1L << doublings);
    return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
  }

  /** {@link #backoff} but never past the time the token has left. */
  static Duration backoffWithin(int failures, Duration remaining) {
    Duration wait = backoff(failures);
    return remaining.compareTo(wait) < 0 ? remaining : wait;
  }

  /** Go's duration style, to the second: {@code 1h2m3s}, {@code 45s}, {@code 0s}. */
  static String human(Duration d) {
    long s = Math.max(0, d.toSeconds());
    StringBuilder out = new StringBuilder();
    if (s >= 3600) {
      out.append(s / 3600).append('h');
    }
    if (s >= 60) {
      out.append(s % 3600 / 60).append('m');
    }
    return out.append(s % 60).append('s').toString();
  }
}
