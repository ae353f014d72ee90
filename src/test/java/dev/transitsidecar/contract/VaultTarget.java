package dev.transitsidecar.contract;

import dev.transitsidecar.testing.FakeClock;
import java.util.Optional;

/**
 * A Vault-compatible server the contract suite talks to: the embedded engine or a real Vault.
 *
 * <p>Every difference in setup between the runners lives behind this interface, never in an assertion.
 * A target guarantees: the Transit engine is mounted at {@link #TRANSIT}; a second Transit mount
 * {@link #EMPTY_TRANSIT}, in which no test ever creates a key, is reachable at {@link #emptyTransitAddress()};
 * AppRole is enabled at {@link #APPROLE}; {@link #rootToken()} is a root token that never expires.
 */
interface VaultTarget {
  String TRANSIT = "transit";
  String EMPTY_TRANSIT = "transit-empty";
  String APPROLE = "approle";

  /** {@code http://host:port}, what VAULT_ADDR would say. */
  String address();

  /** A root token. */
  String rootToken();

  /** The server on which {@link #EMPTY_TRANSIT} is mounted; may equal {@link #address()}. */
  String emptyTransitAddress();

  /**
   * The server's clock when the test controls it (embedded engine only). Time-travel tests run only when it
   * is present; against a real Vault they are skipped rather than made to sleep.
   */
  Optional<FakeClock> clock();
}
