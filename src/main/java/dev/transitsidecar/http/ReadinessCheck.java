package dev.transitsidecar.http;

import java.util.Optional;

/**
 * One condition that {@code /readyz} requires. Implementations keep their state current in the background
 * (a probe, a token watcher) so that this call is cheap and never blocks: it only reads that state.
 */
public interface ReadinessCheck {
  /** Empty when this condition holds; otherwise a short reason that is safe to show (never a secret). */
  Optional<String> notReadyReason();
}
