package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonObject;

/**
 * One mounted engine (sys, the token store, an auth method, Transit). Called by the {@link Engine} with its lock
 * held, after the sealed check, authentication and the ACL check. Paths are relative to the mount, without leading
 * or trailing slash.
 */
interface Backend {
  /** Vault's {@code mount_type} for the envelope ({@code system}, {@code token}, {@code transit}, ...). */
  String type();

  /** Vault's existence check; the default keeps the requested operation. */
  default Operation resolve(Operation requested, String path) {
    return requested;
  }

  /** Paths served without a token (Vault's {@code PathsSpecial.Unauthenticated}), such as {@code login}. */
  default boolean unauthenticated(String path) {
    return false;
  }

  /** Paths that also need {@code sudo} (Vault's {@code PathsSpecial.Root}). */
  default boolean requiresSudo(String path) {
    return false;
  }

  /** Serves a request; throws {@link VaultError} for Vault's error answers. */
  Reply handle(Call call);

  /**
   * One request as a backend sees it.
   *
   * @param op the operation after the existence check
   * @param path relative to the mount
   * @param body the JSON body (or query parameters for reads), never null
   * @param caller the authenticated token, or null on unauthenticated paths
   * @param sudo whether the caller has root or {@code sudo} on this path
   */
  record Call(Operation op, String path, JsonObject body, Token caller, boolean sudo) {
    FieldData fields() {
      return new FieldData(body);
    }

    /** 404 {@code unsupported path}, Vault's answer for a path no handler serves. */
    static VaultError unsupportedPath() {
      return new VaultError(404, "unsupported path");
    }

    /** 405 {@code unsupported operation}, for a known path and a method it does not serve. */
    static VaultError unsupportedOperation() {
      return new VaultError(405, "unsupported operation");
    }
  }
}
