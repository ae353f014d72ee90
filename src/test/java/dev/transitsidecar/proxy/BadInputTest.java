package dev.transitsidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.Http.Answer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input on an allow-listed route, with a client token configured: each gets its status and a Vault-shaped error,
 * and nothing reaches the engine.
 */
class BadInputTest {
  private static final String ENCRYPT = "/v1/transit/encrypt/kasten";
  private static final String GOOD_BODY = "{\"plaintext\":\"aGk=\"}";
  private static ProxyFixture proxy;

  @BeforeAll
  static void start() {
    proxy = ProxyFixture.withClientToken();
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  @BeforeEach
  void forget() {
    proxy.forgetSeen();
  }

  private static HttpRequest.Builder withToken(String path) {
    return proxy.request(path).header("X-Vault-Token", ProxyFixture.CLIENT_TOKEN);
  }

  private static void assertRefused(Answer a, int status, String message) {
    assertThat(a.status()).isEqualTo(status);
    assertThat(a.contentType()).isEqualTo("application/json");
    assertThat(a.json().getJsonArray("errors")).containsExactly(message);
    assertThat(proxy.seen()).isEmpty();
  }

  @Test
  void rightClientToken_isForwarded() {
    Answer a = Http.send(withToken(ENCRYPT).POST(BodyPublishers.ofString(GOOD_BODY)).build());
    assertThat(a.status()).isEqualTo(200);
    assertThat(proxy.seen()).hasSize(1);
  }

  @Test
  void clientTokenAsBearer_isAccepted() {
    Answer a = Http.send(proxy.request(ENCRYPT).header("Authorization", "Bearer " + ProxyFixture.CLIENT_TOKEN)
        .POST(BodyPublishers.ofString(GOOD_BODY)).build());
    assertThat(a.status()).isEqualTo(200);
  }

  @Test
  void wrongClientToken_is403() {
    Answer a = Http.send(proxy.request(ENCRYPT).header("X-Vault-Token", ProxyFixture.CLIENT_TOKEN + "x")
        .POST(BodyPublishers.ofString(GOOD_BODY)).build());
    assertRefused(a, 403, "permission denied");
  }

  @Test
  void missingClientToken_is403() {
    assertRefused(proxy.post(ENCRYPT, GOOD_BODY), 403, "permission denied");
  }

  @Test
  void malformedJson_is400() {
    for (String body : new String[] {"{\"plaintext\":", "not json", "[1,2]", "\"text\"", "null", "{} {}"}) {
      Answer a = Http.send(withToken(ENCRYPT).POST(BodyPublishers.ofString(body)).build());
      assertThat(a.status()).as(body).isEqualTo(400);
      assertThat(a.json().getJsonArray("errors")).as(body).containsExactly("failed to parse JSON input");
    }
    assertThat(proxy.seen()).isEmpty();
  }

  @Test
  void wrongContentType_is415() {
    Answer a = Http.send(withToken(ENCRYPT).header("Content-Type", "text/plain")
        .POST(BodyPublishers.ofString(GOOD_BODY)).build());
    assertRefused(a, 415, "unsupported content type: send application/json");
  }

  @Test
  void formContentTypeWithJsonBody_isAcceptedAsVaultClientsSendIt() {
    Answer a = Http.send(withToken(ENCRYPT).header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
        .POST(BodyPublishers.ofString(GOOD_BODY)).build());
    assertThat(a.status()).isEqualTo(200);
  }

  @Test
  void oversizedBody_is413() {
    String big = "{\"plaintext\":\"" + "A".repeat(1024 * 1024 + 10) + "\"}";
    Answer a = Http.send(withToken(ENCRYPT).POST(BodyPublishers.ofString(big)).build());
    assertRefused(a, 413, "http: request body too large");
  }

  @Test
  void missingVaultRequestHeader_is412() {
    Answer a = Http.send(Http.request(proxy.base, ENCRYPT).header("X-Vault-Token", ProxyFixture.CLIENT_TOKEN)
        .POST(BodyPublishers.ofString(GOOD_BODY)).build());
    assertRefused(a, 412, "missing \"X-Vault-Request\" header");
  }

  @Test
  void nonLoopbackHost_is403() {
    String status = Http.rawStatusLine(proxy.port, "POST " + ENCRYPT + " HTTP/1.1\r\nHost: vault.example\r\n"
        + "X-Vault-Request: true\r\nX-Vault-Token: " + ProxyFixture.CLIENT_TOKEN + "\r\n"
        + "Content-Length: " + GOOD_BODY.length() + "\r\nConnection: close\r\n\r\n" + GOOD_BODY);
    assertThat(status).isEqualTo("HTTP/1.1 403");
    assertThat(proxy.seen()).isEmpty();
  }

  @Test
  void unknownRoute_is403UnderV1And404Elsewhere() {
    Answer v1 = Http.send(withToken("/v1/transit/keys/kasten/rotate").POST(BodyPublishers.ofString("{}")).build());
    assertRefused(v1, 403, "permission denied");
    Answer other = Http.send(withToken("/nothing/here").GET().build());
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.json().getJsonArray("errors")).isEmpty();
  }

  @Test
  void responseWrappingRequested_is400() {
    Answer a = Http.send(withToken(ENCRYPT).header("X-Vault-Wrap-TTL", "60s")
        .POST(BodyPublishers.ofString(GOOD_BODY)).build());
    assertRefused(a, 400, "response wrapping is not supported through transit-sidecar");
  }
}
