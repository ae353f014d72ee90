package dev.transitsidecar.derive;

import dev.transitsidecar.http.SidecarException;
import dev.transitsidecar.memory.SlabFullException;
import dev.transitsidecar.memory.Wipe;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * {@code POST /sidecar/v1/derive} (docs/design.md, "Derived keys"), behind the loopback guards. Without a keystore it
 * answers 404 {@code derived keys are not enabled}; a bad body is a 400; a master key that cannot be had is a 503.
 * The answer buffer holds derived keys, so it is wiped once it has been written out.
 */
public final class DeriveRoutes {
  static final String PATH = "/sidecar/v1/derive";

  private DeriveRoutes() {}

  public static void mount(Router router, Optional<DerivedKeys> keys) {
    router.post(PATH).handler(ctx -> keys.ifPresentOrElse(k -> derive(ctx, k),
        () -> ctx.fail(SidecarException.of(404, "derived keys are not enabled"))));
  }

  private static void derive(RoutingContext ctx, DerivedKeys keys) {
    DeriveRequest request;
    try {
      request = DeriveRequest.parse(ctx.body().buffer());
    } catch (SidecarException e) {
      keys.count("bad_request");
      throw e;
    }
    keys.derive(request, caller(ctx))
        .onSuccess(answer -> send(ctx, answer))
        .onSuccess(answer -> keys.count("ok"))
        .onFailure(failure -> keys.count("unavailable"))
        .onFailure(failure -> ctx.fail(failure instanceof SlabFullException
            ? SidecarException.upstream(503, "no room left in locked memory")
            : failure));
  }

  private static void send(RoutingContext ctx, Buffer answer) {
    ctx.response()
        .setStatusCode(200)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(answer)
        .onComplete(written -> Wipe.buffer(answer));
  }

  private static String caller(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    return remote == null ? "unknown" : remote.toString();
  }
}
