package dev.transitsidecar.proxy;

import dev.transitsidecar.config.ListenConfig;
import dev.transitsidecar.derive.DeriveRoutes;
import dev.transitsidecar.derive.DerivedKeys;
import dev.transitsidecar.http.ErrorRenderer;
import dev.transitsidecar.http.GracefulStop;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;

/**
 * {@code POST /sidecar/v1/derive} answered ahead of the router, for the requests a client of derived keys sends:
 * the exact path with no query string, a loopback {@code Host}, {@code X-Vault-Request: true} when
 * {@code listen.requireRequestHeader} is on, a {@code Content-Length} within {@code listen.maxBodyBytes}, and neither
 * a form nor a multipart content type, {@code Transfer-Encoding} or {@code Expect}. Such a request passes every guard
 * of {@link LoopbackApi} by construction, so it is read, answered and counted here with the same answers, statuses
 * and metrics ({@code route="sidecar/derive"}), counted by the graceful stop as the router's requests are, without a routing context, a body handler or the routing of the
 * handlers before it (a third of a derive request's time). Every other request, including every one a guard would
 * refuse, goes to the router unchanged.
 */
final class DeriveFront implements Handler<HttpServerRequest> {
  static final String ROUTE = "sidecar/derive";
  private static final String X_VAULT_REQUEST = "X-Vault-Request";

  private final Handler<HttpServerRequest> router;
  private final DerivedKeys keys;
  private final ProxyMetrics metrics;
  private final boolean requireRequestHeader;
  private final long maxBodyBytes;
  private final GracefulStop stop;

  DeriveFront(Handler<HttpServerRequest> router, DerivedKeys keys, ListenConfig listen, ProxyMetrics metrics,
      GracefulStop stop) {
    this.router = router;
    this.stop = stop;
    this.keys = keys;
    this.metrics = metrics;
    this.requireRequestHeader = listen.requireRequestHeader();
    this.maxBodyBytes = listen.maxBodyBytes();
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (!takes(request)) {
      router.handle(request);
      return;
    }
    long start = System.nanoTime();
    HttpServerResponse response = request.response();
    GracefulStop.Request counted = stop.begin(request);
    response.headersEndHandler(v -> counted.headersEnding(response));
    response.closeHandler(v -> counted.lost());
    response.endHandler(v -> {
      counted.ended();
      metrics.record(ROUTE, response.getStatusCode(), false, System.nanoTime() - start);
    });
    request.body()
        .compose(body -> DeriveRoutes.answer(keys, body, DeriveRoutes.caller(request.remoteAddress())))
        .compose(answer -> DeriveRoutes.send(response, answer))
        .onFailure(failure -> ErrorRenderer.respond(request, failure));
  }

  /** Whether every guard of the router would let the request through to the derive route. */
  boolean takes(HttpServerRequest request) {
    if (request.method() != HttpMethod.POST || !DeriveRoutes.PATH.equals(request.path()) || request.query() != null
        || !LoopbackGuards.isLoopback(request.authority())) {
      return false;
    }
    MultiMap headers = request.headers();
    return (!requireRequestHeader || "true".equalsIgnoreCase(headers.get(X_VAULT_REQUEST)))
        && plainType(headers.get(HttpHeaders.CONTENT_TYPE))
        && !headers.contains(HttpHeaders.TRANSFER_ENCODING) && !headers.contains(HttpHeaders.EXPECT)
        && withinLimit(headers.get(HttpHeaders.CONTENT_LENGTH));
  }

  private static boolean plainType(String type) {
    if (type == null) {
      return true;
    }
    String lower = type.strip().toLowerCase(Locale.ROOT);
    return !lower.startsWith("multipart/") && !lower.startsWith("application/x-www-form-urlencoded");
  }

  private boolean withinLimit(String length) {
    if (length == null || length.isEmpty() || length.length() > 9) {
      return false;
    }
    for (int i = 0; i < length.length(); i++) {
      if (length.charAt(i) < '0' || length.charAt(i) > '9') {
        return false;
      }
    }
    return Long.parseLong(length) <= maxBodyBytes;
  }
}
