package dev.transitsidecar.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.Http.Answer;
import dev.transitsidecar.testing.LogCapture;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failures as the client and the log see them. A request whose work Netty cancelled (what a call to Vault gets when
 * its connection is closed under it while the process stops) is a 503 in Vault's shape and an INFO line, never an
 * ERROR line; an unknown failure stays a 500 and an ERROR line naming only the class.
 */
class ErrorRendererTest {
  private Vertx vertx;
  private HttpServer server;
  private LogCapture logs;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.post("/cancelled").handler(ctx -> ctx.fail(nettyCancellation()));
    router.post("/cancelled-deep").handler(ctx -> ctx.fail(new IllegalStateException("vault call failed",
        new RuntimeException(nettyCancellation()))));
    router.post("/broken").handler(ctx -> ctx.fail(new IllegalStateException("boom")));
    router.route().failureHandler(new ErrorRenderer());
    server = vertx.createHttpServer().requestHandler(request -> {
      if (request.path().equals("/fast-cancelled")) {
        request.body().onComplete(body -> ErrorRenderer.respond(request, nettyCancellation()));
      } else {
        router.handle(request);
      }
    }).listen(0, "127.0.0.1").await();
    logs = new LogCapture();
  }

  @AfterEach
  void stop() {
    logs.close();
    vertx.close().await();
  }

  /** The exception Netty gives a promise that was cancelled ({@code DefaultPromise$LeanCancellationException}). */
  private static Throwable nettyCancellation() {
    DefaultPromise<Void> promise = new DefaultPromise<>(ImmediateEventExecutor.INSTANCE);
    promise.cancel(false);
    return promise.cause();
  }

  private Answer post(String path) {
    return Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
  }

  @Test
  void cancelledRequest_is503InVaultsShape_andNeverAnErrorLine() {
    assertThat(nettyCancellation().getClass().getName()).contains("LeanCancellationException");

    assertCancelled503("/cancelled");
  }

  @Test
  void cancelledRequestAnsweredWithoutTheRouter_getsTheSame503AndInfoLine() {
    assertCancelled503("/fast-cancelled");
  }

  /** POST {@code path} is answered 503 in Vault's shape, logged at INFO as cancelled, never at ERROR. */
  private void assertCancelled503(String path) {
    Answer answer = post(path);

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.json().getJsonArray("errors").getList()).containsExactly("service unavailable");
    assertThat(logs.lines(Level.ERROR)).isEmpty();
    assertThat(logs.lines(Level.INFO)).anySatisfy(line -> assertThat(line)
        .isEqualTo("request cancelled on POST " + path + " (the sidecar is stopping): answered 503"));
  }

  @Test
  void cancellationAmongTheCauses_isACancelledRequestToo() {
    assertCancelled503("/cancelled-deep");
  }

  @Test
  void unknownFailure_isStillA500AndAnErrorLineWithTheClassOnly() {
    Answer answer = post("/broken");

    assertThat(answer.status()).isEqualTo(500);
    assertThat(logs.lines(Level.ERROR))
        .containsExactly("unexpected failure on POST /broken: java.lang.IllegalStateException");
  }
}
