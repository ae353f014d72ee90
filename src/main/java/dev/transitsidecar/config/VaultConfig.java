package dev.transitsidecar.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach Vault.
 *
 * @param address absolute http or https URI with a host
 * @param timeout per request, positive
 * @param retries 0..10 retries of a failed idempotent request
 * @param circuitFailures failures in a row (within 10 s) that open the circuit breaker, 1..100
 * @param circuitResetTimeout how long an open circuit waits before one request may try Vault again, positive
 */
public record VaultConfig(URI address, Optional<String> namespace, Duration timeout, int retries, TlsConfig tls,
    int circuitFailures, Duration circuitResetTimeout) {
  /** Five failures open the circuit ({@code vault.circuit.failures}). */
  public static final int DEFAULT_CIRCUIT_FAILURES = 5;
  /** An open circuit half-opens after 500 ms ({@code vault.circuit.resetTimeout}). */
  public static final Duration DEFAULT_CIRCUIT_RESET_TIMEOUT = Duration.ofMillis(500);

  /** With the circuit breaker's default thresholds. */
  public VaultConfig(URI address, Optional<String> namespace, Duration timeout, int retries, TlsConfig tls) {
    this(address, namespace, timeout, retries, tls, DEFAULT_CIRCUIT_FAILURES, DEFAULT_CIRCUIT_RESET_TIMEOUT);
  }
}
