package dev.transitsidecar.devvault;

import dev.transitsidecar.testing.FakeClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A started {@link DevVault} on port 0 with a {@link FakeClock}, and a blocking HTTP client for tests. One per test:
 * hold it in an {@code @AutoClose} instance field, so each test method gets a fresh engine that is closed after it.
 */
final class TestVault implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final FakeClock clock = new FakeClock();
  final DevVault vault;
  final HttpClient http = newClient();

  /** A response: status, headers, raw body. */
  record Resp(int status, HttpHeaders headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }

    JsonObject data() {
      return json().getJsonObject("data");
    }

    JsonObject auth() {
      return json().getJsonObject("auth");
    }

    String errors() {
      return json().getJsonArray("errors").encode();
    }
  }

  TestVault() {
    this(o -> o);
  }

  TestVault(UnaryOperator<DevVaultOptions> customize) {
    this.vault = await(DevVault.start(vertx, customize.apply(DevVaultOptions.defaults().withClock(clock))));
  }

  static HttpClient newClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  String root() {
    return vault.rootToken();
  }

  Resp get(String path, String token) {
    return send("GET", path, token, null);
  }

  Resp post(String path, String token, JsonObject body) {
    return send("POST", path, token, body == null ? null : body.encode());
  }

  Resp send(String method, String path, String token, String body) {
    try {
      return sendOrThrow(http, method, path, token, body);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  Resp sendOrThrow(HttpClient client, String method, String path, String token, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(vault.address() + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("X-Vault-Token", token);
    }
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Resp(r.statusCode(), r.headers(), r.body());
  }

  /** Mounts a {@link FakeBackend} at {@code transit/} (in place of the real engine) and returns it. */
  FakeBackend mountFakeTransit() {
    FakeBackend fake = new FakeBackend();
    vault.mount("transit", fake);
    return fake;
  }

  /** Creates a token through the HTTP API as root and returns its id. */
  String createToken(JsonObject body) {
    Resp r = post("/v1/auth/token/create", root(), body);
    if (r.status() != 200) {
      throw new IllegalStateException("token create failed: " + r.status() + " " + r.body());
    }
    return r.auth().getString("client_token");
  }

  @Override
  public void close() {
    await(vault.close());
    await(vertx.close());
  }
}
