package dev.transitsidecar.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * The ceiling {@code bench/run} compares the sidecar with: a bare Vert.x HTTP server, one handler answering a fixed
 * small JSON body, in a process of its own so that it runs on the image's Java runtime with the image's JVM options
 * and its footprint (ready time, resident size, classes) is measured as the sidecar's is. Usage: {@code BareServer
 * PORT} (0: any free port); prints {@code bare=PORT} and runs until killed. NOT run by the build.
 */
public final class BareServer {
  private static final Buffer BODY = Buffer.buffer("{\"data\":{\"status\":\"ok\"}}");

  private BareServer() {}

  public static void main(String[] args) {
    HttpServer server = Vertx.vertx().createHttpServer()
        .requestHandler(BareServer::answer)
        .listen(args.length > 0 ? Integer.parseInt(args[0]) : 0, "127.0.0.1").await();
    System.out.println("bare=" + server.actualPort());
    System.out.flush();
  }

  private static void answer(HttpServerRequest request) {
    request.body().compose(ignored -> request.response().putHeader("Content-Type", "application/json").end(BODY));
  }
}
