package dev.transitsidecar.rotate;

import dev.transitsidecar.config.ListenConfig;
import dev.transitsidecar.vault.VaultToken;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Asks the running sidecar at the configured {@code listen} address for the versions it decrypted recently
 * ({@code GET /sidecar/v1/status}, section {@code cache.seen_versions}, by mount and key), with {@code X-Vault-Request: true} and the
 * client token when one is configured. A sidecar that does not answer (not running, a Unix socket only, an error
 * status) gives an unanswered report that says why.
 */
public final class SidecarStatus implements SeenVersions {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final ListenConfig listen;
  private final Optional<VaultToken> clientToken;

  private SidecarStatus(Vertx vertx, ListenConfig listen, Optional<VaultToken> clientToken) {
    this.vertx = vertx;
    this.listen = listen;
    this.clientToken = clientToken;
  }

  public static SeenVersions at(Vertx vertx, ListenConfig listen, Optional<VaultToken> clientToken) {
    return new SidecarStatus(vertx, listen, clientToken);
  }

  @Override
  public Future<Report> of(String mount, String key) {
    String host = loopbackHost(listen.address());
    String where = "the sidecar at http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + listen.port();
    if (listen.port() == 0) {
      return Future.succeededFuture(Report.unanswered("the sidecar", "listen has no TCP port to ask"));
    }
    WebClient client = WebClient.create(vertx);
    HttpRequest<Buffer> request = client.get(listen.port(), host, "/sidecar/v1/status")
        .timeout(TIMEOUT.toMillis())
        .putHeader("X-Vault-Request", "true");
    clientToken.ifPresent(token -> request.putHeader("X-Vault-Token", token.revealForHeader()));
    return request.send()
        .map(response -> report(where, mount, key, response))
        .otherwise(e -> Report.unanswered(where, "no answer (" + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")"))
        .onComplete(done -> client.close());
  }

  private static String loopbackHost(String address) {
    return switch (address) {
      case "0.0.0.0", "" -> "127.0.0.1";
      case "::", "[::]" -> "::1";
      default -> address;
    };
  }

  private static Report report(String where, String mount, String key, HttpResponse<Buffer> response) {
    if (response.statusCode() != 200) {
      return Report.unanswered(where, "it answered status " + response.statusCode());
    }
    try {
      JsonObject seen = response.bodyAsJsonObject().getJsonObject("cache").getJsonObject("seen_versions");
      JsonObject versions = seen.getJsonObject(mount, new JsonObject()).getJsonObject(key, new JsonObject());
      Map<Integer, Instant> parsed = new TreeMap<>();
      versions.forEach(e -> parsed.put(Integer.parseInt(e.getKey()), Instant.parse((String) e.getValue())));
      return Report.answered(where, parsed);
    } catch (RuntimeException e) {
      return Report.unanswered(where, "its status has no readable cache.seen_versions");
    }
  }
}
