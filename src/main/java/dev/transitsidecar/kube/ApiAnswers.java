package dev.transitsidecar.kube;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/**
 * Turns the API server's answers into results or {@link KubeException}s: a 2xx body as JSON; anything else as the
 * message and reason of its {@code Status} object (or the bare status code when the body is not one), prefixed with
 * the call ({@code GET secrets ns/name}), never with a header or a body the client sent.
 */
final class ApiAnswers {
  private static final int MAX_MESSAGE = 400;

  private ApiAnswers() {}

  static Future<JsonObject> json(String call, HttpResponse<Buffer> response) {
    int code = response.statusCode();
    if (code < 200 || code > 299) {
      return Future.failedFuture(failure(call, response));
    }
    try {
      Buffer body = response.body();
      return Future.succeededFuture(body == null || body.length() == 0 ? new JsonObject() : new JsonObject(body));
    } catch (DecodeException | ClassCastException e) {
      return Future.failedFuture(new KubeException(code, "", call + ": the API server's answer is not a JSON object"));
    }
  }

  static KubeException failure(String call, HttpResponse<Buffer> response) {
    int code = response.statusCode();
    JsonObject status = status(response.body());
    String reason = status.getString("reason", "");
    String message = status.getString("message", "");
    if (message.isBlank()) {
      message = response.statusMessage() == null ? "" : response.statusMessage();
    }
    message = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
    String text = "kubernetes API refused " + call + ": " + (message.isBlank() ? "" : message + " ") + "(HTTP "
        + code + (reason.isBlank() ? "" : " " + reason) + ")";
    return code == 409 ? new KubeConflictException(reason, text) : new KubeException(code, reason, text);
  }

  private static JsonObject status(Buffer body) {
    if (body == null || body.length() == 0) {
      return new JsonObject();
    }
    try {
      JsonObject object = new JsonObject(body);
      return "Status".equals(object.getString("kind")) ? object : new JsonObject();
    } catch (DecodeException | ClassCastException e) {
      return new JsonObject();
    }
  }

  static KubeException unreachable(String call, String server, Throwable e) {
    if (e instanceof KubeException known) {
      return known;
    }
    String detail = e.getMessage() == null ? "" : ": " + e.getMessage();
    return new KubeException(0, "", "kubernetes API at " + server + " did not answer " + call + " ("
        + e.getClass().getSimpleName() + detail + ")");
  }
}
