package dev.transitsidecar.devvault;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Turns an HTTP request under {@code /v1/} into an {@link Engine.Request}: Vault's method mapping (PUT/POST are
 * UPDATE; GET is READ, or LIST with {@code ?list=true}; the {@code LIST} verb is LIST; DELETE is DELETE), the token
 * ({@code X-Vault-Token} wins over {@code Authorization: Bearer}) and the data (JSON body for writes, query
 * parameters otherwise). Parse errors are 400 and never echo the body, which may hold secrets.
 */
final class HttpRequests {
  static final HttpMethod LIST = HttpMethod.valueOf("LIST");

  private HttpRequests() {}

  static Engine.Request from(RoutingContext ctx) {
    HttpServerRequest r = ctx.request();
    Operation op = operation(r.method(), r.getParam("list"));
    String path = r.path().substring("/v1/".length());
    boolean write = op == Operation.UPDATE;
    JsonObject data = write ? body(ctx.body().buffer()) : query(r.params());
    return new Engine.Request(op, path, token(r.headers()), data);
  }

  static Operation operation(HttpMethod method, String listParam) {
    if (method.equals(HttpMethod.GET)) {
      boolean list = listParam != null && List.of("true", "1", "t", "TRUE", "True", "T").contains(listParam);
      return list ? Operation.LIST : Operation.READ;
    }
    if (method.equals(HttpMethod.PUT) || method.equals(HttpMethod.POST)) {
      return Operation.UPDATE;
    }
    if (method.equals(HttpMethod.DELETE)) {
      return Operation.DELETE;
    }
    if (method.equals(LIST)) {
      return Operation.LIST;
    }
    throw new VaultError(405);
  }

  static String token(MultiMap headers) {
    String token = headers.get("X-Vault-Token");
    if (token != null && !token.isEmpty()) {
      return token;
    }
    for (String value : headers.getAll("Authorization")) {
      if (value.startsWith("Bearer ")) {
        return value.substring("Bearer ".length()).trim();
      }
    }
    return null;
  }

  static JsonObject body(Buffer buffer) {
    if (buffer == null) {
      return new JsonObject();
    }
    String text = buffer.toString().strip();
    if (text.isEmpty() || text.equals("null")) {
      return new JsonObject();
    }
    if (!text.startsWith("{")) {
      throw VaultError.badRequest("failed to parse JSON input: the body must be a JSON object");
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException | IllegalStateException | ClassCastException e) {
      throw VaultError.badRequest("failed to parse JSON input: malformed JSON");
    }
  }

  private static JsonObject query(MultiMap params) {
    JsonObject data = new JsonObject();
    params.names().stream().filter(n -> !n.equals("list")).forEach(n -> data.put(n, params.get(n)));
    return data;
  }
}
