package dev.transitsidecar.derive;

import dev.transitsidecar.http.SidecarException;
import dev.transitsidecar.memory.SlabFullException;
import dev.transitsidecar.memory.Wipe;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * {@code POST /sidecar/v1/derive} (docs/design.md, "Derived keys"), behind the loopback guards. Without a keystore it
 * answers 404 {@code derived keys are not enabled}; a bad body is a 400; a master key that cannot be had is a 503.
 * The answer buffer holds derived keys, so it is wiped once it has been written out. A plain request of the common
 * shape is answered ahead of the router ({@code proxy.DeriveFront}) with {@link #answer} and {@link #send}; the route
 * mounted here serves every other request to the path, with the same answers.
 */
public final class DeriveRoutes {
  public static final String PATH = "/sidecar/v1/derive";
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");

  private DeriveRoutes() {}

  public static void mount(Router router, Optional<DerivedKeys> keys) {
    router.post(PATH).handler(ctx -> keys.ifPresentOrElse(k -> derive(ctx, k),
        () -> ctx.fail(SidecarException.of(404, "derived keys are not enabled"))));
  }

  private static void derive(RoutingContext ctx, DerivedKeys keys) {
    answer(keys, ctx.body().buffer(), caller(ctx.request().remoteAddress()))
        .onSuccess(answer -> send(ctx.response(), answer))
        .onFailure(ctx::fail);
  }

  /**
   * The answer to one request body, counted in {@code transit_sidecar_derive_total}: fails with a 400
   * {@link SidecarException} for a bad body, a 503 when the master key is unavailable or locked memory is full.
   */
  public static Future<Buffer> answer(DerivedKeys keys, Buffer body, Object caller) {
    DeriveRequest request;
    try {
      request = DeriveRequest.parse(body);
    } catch (SidecarException e) {
      keys.countBadRequest();
      return Future.failedFuture(e);
    }
    return keys.derive(request, caller)
        .onComplete(keys::countAnswer)
        .recover(failure -> Future.failedFuture(failure instanceof SlabFullException
            ? SidecarException.upstream(503, "no room left in locked memory")
            : failure));
  }

  /** Writes the answer with its headers, then wipes it. */
  public static Future<Void> send(HttpServerResponse response, Buffer answer) {
    MultiMap headers = response.headers();
    headers.set(HttpHeaders.CONTENT_TYPE, JSON);
    headers.set(HttpHeaders.CACHE_CONTROL, NO_STORE);
    return response.setStatusCode(200).end(answer).onComplete(written -> Wipe.buffer(answer));
  }

  /** The caller as the audit line names it (its {@code toString}, made only when the line is written). */
  public static Object caller(SocketAddress remote) {
    return remote == null ? "unknown" : remote;
  }
}
