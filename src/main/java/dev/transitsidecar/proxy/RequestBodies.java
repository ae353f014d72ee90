package dev.transitsidecar.proxy;

import dev.transitsidecar.http.SidecarException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * What a forwarded body must look like before it may leave: a JSON object (or nothing), sent as JSON. Vault's own
 * clients send {@code application/json}, no content type at all (Go), or, like vault-java-driver and
 * {@code curl -d}, {@code application/x-www-form-urlencoded} with a JSON body; those three are accepted and the body
 * must parse as a JSON object. Any other content type is 415. Response wrapping ({@code X-Vault-Wrap-TTL}) is
 * refused: a wrapped answer could only be opened through {@code sys/wrapping/unwrap}, which is not on the list.
 * Messages never repeat the body, which may hold a plaintext.
 */
final class RequestBodies {
  private RequestBodies() {}

  /** The body to forward (null for none), or a {@link SidecarException} 400/415. */
  static Buffer check(HttpServerRequest request, ProxiedRoute route, Buffer body) {
    String wrapTtl = request.getHeader("X-Vault-Wrap-TTL");
    if (wrapTtl != null && !wrapTtl.isBlank()) {
      throw SidecarException.badRequest("response wrapping is not supported through transit-sidecar");
    }
    if (!route.method().equals(HttpMethod.POST) || body == null || body.length() == 0) {
      return null;
    }
    if (!acceptedType(request.getHeader("Content-Type"))) {
      throw SidecarException.of(415, "unsupported content type: send application/json");
    }
    if (!isJsonObject(body)) {
      throw SidecarException.badRequest("failed to parse JSON input");
    }
    return body;
  }

  private static boolean isJsonObject(Buffer body) {
    try {
      return Json.decodeValue(body) instanceof JsonObject;
    } catch (DecodeException e) {
      return false;
    }
  }

  static boolean acceptedType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return true;
    }
    String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return type.equals("application/json") || type.equals("application/x-www-form-urlencoded");
  }
}
