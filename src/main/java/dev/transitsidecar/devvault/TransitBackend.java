package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The Transit secrets engine of one mount, in memory (VAULT-API.md sections 1 and 2).
 * SKELETON: the interface the server codes against; the implementation lands on the devvault-transit branch.
 */
final class TransitBackend {
  TransitBackend(Clock clock, SecureRandom random) {}

  /**
   * Vault's existence check: given the operation the HTTP method asks for and a path relative to the mount
   * (for example {@code encrypt/kasten}), the operation that the ACL must allow. An UPDATE of a path with an
   * existence check whose key does not exist becomes CREATE; everything else is returned unchanged.
   */
  Operation resolve(Operation requested, String path) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Serves one request after the ACL check; throws {@link VaultError} for Vault's error answers. */
  Reply handle(Operation op, String path, JsonObject body) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Creates an aes256-gcm96 key (no-op when it exists); for the dev command and tests. */
  void createKey(String name) {
    throw new UnsupportedOperationException("skeleton");
  }
}
