package dev.transitsidecar.vault;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * One call to Vault.
 *
 * @param method the HTTP method ({@code LIST} included)
 * @param uri the path and query under Vault's address, starting with {@code /v1/}
 * @param body the request body, or null for none; may hold secrets, so it is never logged
 * @param retryable whether the client may repeat it on connection errors, timeouts and 500/502/503/504: true for
 *     what is harmless to repeat; false for what changes state each time (a key rotation) and for probes that
 *     run again anyway
 */
public record VaultRequest(HttpMethod method, String uri, Buffer body, boolean retryable) {
  public VaultRequest {
    if (!uri.startsWith("/v1/")) {
      throw new IllegalArgumentException("a Vault request path starts with /v1/");
    }
  }

  public static VaultRequest get(String uri) {
    return new VaultRequest(HttpMethod.GET, uri, null, true);
  }

  /** A GET that is tried once: for periodic probes. */
  public static VaultRequest probe(String uri) {
    return new VaultRequest(HttpMethod.GET, uri, null, false);
  }

  public static VaultRequest post(String uri, JsonObject body) {
    return new VaultRequest(HttpMethod.POST, uri, body.toBuffer(), true);
  }

  /** A POST that is never repeated by the client (it changes state each time, like a key rotation). */
  public static VaultRequest postOnce(String uri, JsonObject body) {
    return new VaultRequest(HttpMethod.POST, uri, body.toBuffer(), false);
  }

  @Override
  public String toString() {
    return "VaultRequest[" + method + " " + uri + "]";
  }
}
