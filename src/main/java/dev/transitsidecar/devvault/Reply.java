package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What a backend of the embedded engine answers; the server wraps it in Vault's success envelope
 * ({@code request_id}, {@code data}, {@code warnings}, {@code auth}, ...). A status other than 2xx with a
 * data body is how Transit batch failures are rendered (docs/vault-api.md section 1.9).
 *
 * @param status HTTP status; 204 means no body at all
 * @param data the {@code data} object, or null
 * @param warnings warnings, empty for none (rendered as {@code null})
 * @param auth the {@code auth} block of a login or renewal, or null
 */
record Reply(int status, JsonObject data, List<String> warnings, JsonObject auth) {
  Reply {
    warnings = List.copyOf(warnings);
  }

  static Reply ok(JsonObject data) {
    return new Reply(200, data, List.of(), null);
  }

  static Reply noContent() {
    return new Reply(204, null, List.of(), null);
  }

  /** A login, token create or renewal: no data, the token's {@code auth} block, the TTL warnings. */
  static Reply auth(TokenStore.Issued issued) {
    return new Reply(200, null, issued.warnings(), TokenViews.auth(issued.token()));
  }

  Reply withStatus(int newStatus) {
    return new Reply(newStatus, data, warnings, auth);
  }

  Reply withWarning(String warning) {
    List<String> all = new ArrayList<>(warnings);
    all.add(warning);
    return new Reply(status, data, all, auth);
  }
}
