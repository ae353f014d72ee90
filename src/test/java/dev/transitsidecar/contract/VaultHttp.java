package dev.transitsidecar.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Plain, synchronous HTTP to a Vault-compatible server: a method, a path under {@code /v1/}, a token, JSON. */
final class VaultHttp {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  /** One answer: status, headers, the raw body and, when the body is a JSON object, that object (else null). */
  record Response(int status, HttpHeaders headers, String rawBody, JsonObject body) {
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    JsonObject data() {
      return body.getJsonObject("data");
    }

    JsonObject auth() {
      return body.getJsonObject("auth");
    }

    JsonArray errors() {
      return body.getJsonArray("errors");
    }

    JsonArray batchResults() {
      return data().getJsonArray("batch_results");
    }

    @Override
    public String toString() {
      return status + " " + rawBody;
    }
  }

  private final String address;

  VaultHttp(String address) {
    this.address = address;
  }

  /** Sends {@code method /v1/path} with {@code X-Vault-Token: token} (none when null) and an optional JSON body. */
  Response send(String method, String path, String token, JsonObject body) {
    return send(method, path, token == null ? Map.of() : Map.of("X-Vault-Token", token), body);
  }

  /** Sends {@code method /v1/path} with exactly the given headers (plus Content-Type for a body). */
  Response send(String method, String path, Map<String, String> headers, JsonObject body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(address + "/v1/" + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    try {
      HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers(), response.body(), parse(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + method + " " + path, e);
    }
  }

  private static JsonObject parse(String raw) {
    String trimmed = raw.strip();
    return trimmed.startsWith("{") ? new JsonObject(trimmed) : null;
  }
}
