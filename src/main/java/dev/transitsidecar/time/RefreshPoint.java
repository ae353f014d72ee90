package dev.transitsidecar.time;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When something kept for {@code ttl} is fetched again ahead of its expiry: at a point drawn between 75 and 85 % of
 * the TTL, so that entries stored together do not all go to Vault at the same instant. The draw comes from
 * {@code random} (uniform in [0, 1)), which tests replace with a fixed value.
 */
public record RefreshPoint(Duration ttl, DoubleSupplier random) {
  static final double EARLIEST = 0.75;
  static final double SPREAD = 0.10;

  /** Draws from the calling thread's own random generator: what the sidecar uses outside tests. */
  public static final DoubleSupplier UNIFORM = () -> ThreadLocalRandom.current().nextDouble();

  /** The delay from a store to its refresh: {@code ttl} × (0.75 + 0.10 × a draw), at least one millisecond. */
  public Duration next() {
    double draw = Math.clamp(random.getAsDouble(), 0.0, 1.0);
    long millis = Math.round(ttl.toMillis() * (EARLIEST + SPREAD * draw));
    return Duration.ofMillis(Math.max(1, millis));
  }
}
