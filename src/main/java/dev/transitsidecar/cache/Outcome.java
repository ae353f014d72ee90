package dev.transitsidecar.cache;

import dev.transitsidecar.vault.VaultResponse;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How one Vault call for a cacheable decrypt ended, shared by every request that waited on it (single flight). Each
 * waiter turns it into its own answer, with its own buffer, so that one waiter wiping what it wrote never touches
 * what another writes.
 */
sealed interface Outcome {
  /** The plaintext is in the slab: every waiter writes it from there. {@code stale}: served because Vault failed. */
  record Cached(Entry entry, boolean stale) implements Outcome {}

  /** Vault answered with an error (no plaintext in it): every waiter writes a copy. */
  record Refused(VaultResponse response) implements Outcome {}

  /**
   * Vault answered with a plaintext that may not be cached (too long, or a shape the scanner was unsure of): the
   * first waiter takes this answer; any other sends its own request, so the plaintext is never shared.
   */
  record Uncacheable(VaultResponse response, AtomicBoolean taken) implements Outcome {
    Uncacheable(VaultResponse response) {
      this(response, new AtomicBoolean());
    }
  }
}
