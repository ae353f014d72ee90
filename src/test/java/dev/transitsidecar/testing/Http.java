package dev.transitsidecar.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Blocking HTTP for tests (never on an event loop): a JDK client and a raw socket for what it refuses to send. */
public final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  public record Answer(int status, String contentType, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  public static Answer send(HttpRequest request) {
    try {
      HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      Answer answer = new Answer(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body());
      recordDerivedKeys(request, answer);
      return answer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The keys a derive request answered go to the {@link SecretLedger}, for the build's leak check. */
  private static void recordDerivedKeys(HttpRequest request, Answer answer) {
    if (answer.status() != 200 || !request.uri().getPath().endsWith("/sidecar/v1/derive")) {
      return;
    }
    JsonObject data = answer.json().getJsonObject("data", new JsonObject());
    List<JsonObject> items = new ArrayList<>(List.of(data));
    data.getJsonArray("batch_results", new JsonArray()).forEach(item -> items.add((JsonObject) item));
    for (JsonObject item : items) {
      if (item.getValue("key") instanceof String key) {
        SecretLedger.record(SecretLedger.Kind.DERIVED_KEY, Base64.getDecoder().decode(key));
      }
    }
  }

  public static HttpRequest.Builder request(String base, String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
  }

  /** Sends raw request bytes (for headers the JDK client will not set, such as Host) and returns the status line. */
  public static String rawStatusLine(int port, String request) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      return head;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the condition holds, checking every 20 ms, and fails after {@code limit}. */
  public static void eventually(Duration limit, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + limit);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
    }
  }
}
