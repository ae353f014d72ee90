package dev.transitsidecar.auth;

import dev.transitsidecar.vault.VaultToken;
import io.vertx.core.Future;

/**
 * One way to obtain a token ({@code auth.method}). Credentials are read from their files at every call, so a rotated
 * projected JWT or a rewritten token Secret is always the one used.
 */
interface Login {
  /** {@code token}, {@code kubernetes} or {@code approle}, as in the configuration and the metrics. */
  String method();

  /** What is tried, for messages: {@code kubernetes login as role "k10" at auth/kubernetes}. */
  String describe();

  /**
   * Whether {@link #obtain()} can produce a new token by itself. False for the token method: a new token only comes
   * when someone writes one to the file.
   */
  boolean issuesTokens();

  /** Checks the local inputs once at start; fails with {@link LocalProblem} when the user must fix something. */
  Future<Void> check();

  /**
   * A token: a fresh login, or the token method's current file content (else {@code VAULT_TOKEN}). Fails with
   * {@link LocalProblem} or the Vault client's failures.
   */
  Future<VaultToken> obtain();
}
