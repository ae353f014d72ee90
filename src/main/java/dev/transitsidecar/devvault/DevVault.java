package dev.transitsidecar.devvault;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The embedded, in-memory stand-in for Vault: Transit, tokens, AppRole and Kubernetes login, ACL policies,
 * sys/health, a sealed state. For {@code dev} and tests only; never for production.
 * SKELETON: the public surface; the implementation lands on the devvault-server branch.
 */
public final class DevVault {
  private DevVault() {}

  /** Starts the engine; the future completes once it listens. */
  public static Future<DevVault> start(Vertx vertx, DevVaultOptions options) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The port it listens on. */
  public int port() {
    throw new UnsupportedOperationException("skeleton");
  }

  /** {@code http://host:port}, what VAULT_ADDR should say. */
  public String address() {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The root token (dev only: printed by the dev command, like {@code vault server -dev}). */
  public String rootToken() {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Stops listening. */
  public Future<Void> close() {
    throw new UnsupportedOperationException("skeleton");
  }
}
