package dev.transitsidecar.vault;

import io.vertx.core.buffer.Buffer;

/**
 * Vault's answer as it came, for callers that pass it through unchanged. The body may hold plaintexts, so it is
 * never logged and {@link #toString()} shows only its size.
 *
 * @param status the HTTP status
 * @param contentType the {@code Content-Type} header, or null
 * @param body the body bytes (empty for 204)
 */
public record VaultResponse(int status, String contentType, Buffer body) {
  public boolean ok() {
    return status >= 200 && status < 300;
  }

  @Override
  public String toString() {
    return "VaultResponse[" + status + ", " + body.length() + " bytes]";
  }
}
