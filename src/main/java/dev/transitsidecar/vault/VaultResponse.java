package dev.transitsidecar.vault;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

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

  /**
   * Vault's {@code errors} array, or nothing when the body is not Vault's error shape (a proxy's HTML page). Only for
   * error answers: a 2xx body may hold a plaintext, which must not become a {@code String}.
   */
  public List<String> errors() {
    try {
      JsonArray errors = new JsonObject(body).getJsonArray("errors");
      return errors == null ? List.of() : errors.stream().map(String::valueOf).toList();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  @Override
  public String toString() {
    return "VaultResponse[" + status + ", " + body.length() + " bytes]";
  }
}
