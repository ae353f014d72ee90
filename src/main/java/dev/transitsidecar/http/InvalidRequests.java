package dev.transitsidecar.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;

/**
 * Requests the HTTP codec could not parse (a request line with spaces or control bytes in it, a header without a
 * colon, a line or headers over the codec's limits): answered like Vert.x's default (400, or 414 for a request line
 * too long, 431 for headers too large, then the connection is closed), but in Vault's {@code {"errors":[...]}}
 * shape, like every other error of the servers we run.
 */
public final class InvalidRequests {
  private InvalidRequests() {}

  public static void answer(HttpServerRequest request) {
    DecoderResult result = request.decoderResult();
    Throwable cause = result == null ? null : result.cause();
    int status = switch (cause) {
      case TooLongHttpLineException e -> 414;
      case TooLongHttpHeaderException e -> 431;
      case null, default -> 400;
    };
    request.response().putHeader("Connection", "close");
    ErrorRenderer.respond(request.response(), status, List.of(switch (status) {
      case 414 -> "request line too long";
      case 431 -> "request headers too large";
      default -> "malformed HTTP request";
    }));
    request.connection().close();
  }
}
