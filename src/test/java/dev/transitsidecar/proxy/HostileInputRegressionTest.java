package dev.transitsidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.testing.LogCapture;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The defects the fuzzing found in the loopback API, one small example each: every one was a 500 (or an
 * answer outside Vault's error shape, or an ERROR in the log) and is now a 4xx in Vault's shape, with nothing sent
 * to the engine.
 */
class HostileInputRegressionTest {
  private static ProxyFixture proxy;
  private LogCapture logs;

  @BeforeAll
  static void start() {
    proxy = ProxyFixture.start();
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  @BeforeEach
  void forget() {
    proxy.forgetSeen();
    logs = new LogCapture();
  }

  @AfterEach
  void detach() {
    logs.close();
  }

  @Test
  void formContentTypeOnAGetOrList_is415_not500() {
    for (String head : new String[] {"GET /v1/transit/keys/kasten", "LIST /v1/transit/keys", "GET /v1/sys/health"}) {
      for (String type : new String[] {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
        String answer = exchange(head + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Vault-Request: true\r\nContent-Type: "
            + type + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        assertVaultError(answer, 415);
      }
    }
    assertThat(proxy.seen()).isEmpty();
  }

  @Test
  void unparsableRequestLine_is400InVaultsShape() {
    assertVaultError(exchange("GET /v1/sys/health x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 400);
    assertVaultError(exchange("GET /" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 414);
  }

  @Test
  void hostHeaderThatDoesNotParse_is400_not500() {
    assertVaultError(exchange("POST /v1/transit/encrypt/kasten HTTP/1.1\r\nHost: localhost:abc\r\n"
        + "X-Vault-Request: true\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"), 400);
    assertThat(proxy.seen()).isEmpty();
  }

  @Test
  void queryStringThatDoesNotDecode_is400_not500() {
    assertVaultError(exchange("POST /v1/transit/encrypt/kasten?a=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "X-Vault-Request: true\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"), 400);
    assertThat(proxy.seen()).isEmpty();
  }

  @Test
  void pathV1WithoutASlash_is403_not500() {
    assertVaultError(exchange("GET /v1 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Vault-Request: true\r\nConnection: close"
        + "\r\n\r\n"), 403);
  }

  @Test
  void brokenChunkedBody_isNotAnInternalError() {
    {
      String answer = exchange("POST /v1/transit/encrypt/kasten HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Vault-Request: true"
          + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz5\r\n{\"a\":\r\n0\r\n\r\n");
      assertThat(answer).doesNotStartWith("HTTP/1.1 500");
      assertThat(proxy.get("/v1/sys/health").status()).isEqualTo(200);
      assertNoErrorLogged();
    }
    assertThat(proxy.seen()).isEmpty();
  }

  @Test
  void clientGoneMidBody_isNotLoggedAsAnError() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", proxy.port)) {
      socket.getOutputStream().write(("POST /v1/transit/encrypt/kasten HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "X-Vault-Request: true\r\nContent-Length: 100\r\n\r\n{\"plaintext\":").getBytes(StandardCharsets.US_ASCII));
      socket.shutdownOutput();
      socket.setSoTimeout(10_000);
      socket.getInputStream().readAllBytes();
      // The failure reaches the error renderer after the close; a normal request after it has seen it through.
      assertThat(proxy.get("/v1/sys/health").status()).isEqualTo(200);
      assertNoErrorLogged();
    }
  }

  private void assertNoErrorLogged() {
    assertThat(logs.lines(ch.qos.logback.classic.Level.ERROR)).isEmpty();
  }

  private static void assertVaultError(String answer, int status) {
    assertThat(answer).matches("(?s)HTTP/1\\.[01] " + status + " .*");
    String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase();
    assertThat(head).contains("content-type: application/json");
    JsonObject body = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    assertThat(body.getJsonArray("errors")).hasSize(1);
  }

  /** Sends raw bytes and reads until the server closes the connection. */
  private static String exchange(String request) {
    try (Socket socket = new Socket("127.0.0.1", proxy.port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
