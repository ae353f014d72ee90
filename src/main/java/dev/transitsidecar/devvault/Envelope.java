package dev.transitsidecar.devvault;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * Writes every answer of the engine: Vault's success envelope (docs/vault-api.md sections 0 and 7.1), 204 without a body,
 * and {@code {"errors":[...]}}. {@link #headers} puts {@code Content-Type: application/json} and
 * {@code Cache-Control: no-store} on every response.
 */
final class Envelope {
  private Envelope() {}

  static void headers(HttpServerResponse resp) {
    resp.putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store");
  }

  /** A backend reply. Status 204, or a 2xx reply with nothing in it, is 204 with no body. */
  static void reply(HttpServerResponse resp, Engine.Outcome outcome) {
    Reply r = outcome.reply();
    boolean empty = r.data() == null && r.auth() == null && r.warnings().isEmpty();
    if (r.status() == 204 || (empty && r.status() / 100 == 2)) {
      resp.setStatusCode(204).end();
      return;
    }
    JsonObject body = new JsonObject()
        .put("request_id", UUID.randomUUID().toString())
        .put("lease_id", "")
        .put("renewable", false)
        .put("lease_duration", 0)
        .put("data", r.data())
        .put("wrap_info", null)
        .put("warnings", r.warnings().isEmpty() ? null : new JsonArray(r.warnings()))
        .put("auth", r.auth())
        .put("mount_type", outcome.mountType());
    json(resp, r.status(), body);
  }

  static void error(HttpServerResponse resp, int status, List<String> errors) {
    json(resp, status, new JsonObject().put("errors", new JsonArray(errors)));
  }

  static void json(HttpServerResponse resp, int status, JsonObject body) {
    if (resp.ended() || resp.closed()) {
      return;
    }
    resp.setStatusCode(status).end(body.toBuffer());
  }
}
