package dev.transitsidecar.devvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class FaultsTest {
  @AutoClose
  private final TestVault t = new TestVault();

  @Test
  void latency_delaysEveryRequest() {
    t.vault.faults().latency(Duration.ofMillis(300));

    long start = System.nanoTime();
    TestVault.Resp r = t.get("/v1/sys/health", null);
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(r.status()).isEqualTo(200);
    assertThat(elapsedMs).isGreaterThanOrEqualTo(300);
  }

  @Test
  void failNext_answersTheNextRequestsWithTheStatus() {
    t.vault.faults().failNext(2, 502, "upstream broke");

    TestVault.Resp first = t.get("/v1/auth/token/lookup-self", t.root());
    TestVault.Resp second = t.get("/v1/sys/health", null);
    TestVault.Resp third = t.get("/v1/auth/token/lookup-self", t.root());

    assertThat(first.status()).isEqualTo(502);
    assertThat(first.body()).isEqualTo("{\"errors\":[\"upstream broke\"]}");
    assertThat(first.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(second.status()).isEqualTo(502);
    assertThat(third.status()).isEqualTo(200);
  }

  @Test
  void dropNext_closesWithoutResponse() throws Exception {
    t.vault.faults().dropNext(1);
    HttpClient fresh = TestVault.newClient();

    assertThatThrownBy(() -> t.sendOrThrow(fresh, "POST", "/v1/auth/token/lookup-self", t.root(), "{}"))
        .isInstanceOf(IOException.class);
    assertThat(t.sendOrThrow(TestVault.newClient(), "POST", "/v1/sys/health", null, null).status())
        .isEqualTo(405);
  }

  @Test
  void resetNextMidBody_breaksTheResponseBody() throws Exception {
    t.vault.faults().resetNextMidBody(1);
    HttpClient fresh = TestVault.newClient();

    assertThatThrownBy(() -> t.sendOrThrow(fresh, "POST", "/v1/auth/token/lookup-self", t.root(), "{}"))
        .isInstanceOf(IOException.class);
    assertThat(t.get("/v1/sys/health", null).status()).isEqualTo(200);
  }

  @Test
  void clear_removesEveryFault() {
    t.vault.faults().latency(Duration.ofSeconds(30)).failNext(5, 500, "x").dropNext(5).resetNextMidBody(5);
    t.vault.faults().clear();

    assertThat(t.get("/v1/sys/health", null).status()).isEqualTo(200);
  }

  @Test
  void requests_recordMethodPathAndTimeButNoSecrets() {
    t.vault.clearRequests();
    t.get("/v1/sys/health?standbyok=true", null);
    t.send("LIST", "/v1/transit/keys", t.root(), null);

    assertThat(t.vault.requests()).extracting(SeenRequest::method, SeenRequest::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("GET", "/v1/sys/health"),
            org.assertj.core.groups.Tuple.tuple("LIST", "/v1/transit/keys"));
    assertThat(t.vault.requests().getFirst().time()).isEqualTo(t.clock.instant());
    assertThat(t.vault.requests().toString()).doesNotContain(t.root());
    t.vault.clearRequests();
    assertThat(t.vault.requests()).isEmpty();
  }

  @Test
  void stop_refusesConnections_andRestartServesOnTheSamePortWithTheStateKept() throws Exception {
    String token = t.createToken(new JsonObject().put("policies", new JsonArray().add("kasten")));
    int port = t.vault.port();

    TestVault.await(t.vault.stop());

    assertThatThrownBy(() -> t.sendOrThrow(TestVault.newClient(), "GET", "/v1/sys/health", null, null))
        .isInstanceOf(ConnectException.class);
    TestVault.await(t.vault.stop());
    TestVault.await(t.vault.restart());
    TestVault.await(t.vault.restart());
    assertThat(t.vault.port()).isEqualTo(port);
    assertThat(t.get("/v1/auth/token/lookup-self", token).status()).isEqualTo(200);
  }

  @Test
  void stop_closesTheConnectionsThatAreOpen() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", t.vault.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("GET /v1/sys/health HTTP/1.1\r\nHost: x\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");

      TestVault.await(t.vault.stop());

      assertThat(in.transferTo(OutputStream.nullOutputStream())).isPositive();
      assertThat(in.read()).isEqualTo(-1);
    } finally {
      TestVault.await(t.vault.restart());
    }
  }

  @Test
  void faults_rejectNonsense() {
    assertThatThrownBy(() -> t.vault.faults().failNext(1, 42, "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> t.vault.faults().dropNext(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
