package dev.transitsidecar.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

import dev.transitsidecar.config.TlsConfig;
import dev.transitsidecar.config.VaultConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockserver.configuration.ConfigurationProperties;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.matchers.Times;
import org.mockserver.model.Delay;
import org.mockserver.model.HttpError;
import org.mockserver.verify.VerificationTimes;

/**
 * The Vault client against MockServer, for what a well-behaved Vault never does: malformed, truncated or
 * mistyped bodies, dropped connections, slow answers, and TLS with a private CA.
 */
class VaultClientTest {
  private static final VaultToken TOKEN = VaultToken.of("hvs.client-test-token-0123456789");
  private static ClientAndServer mock;
  private static Vertx vertx;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    // Serve one fixed certificate (localhost, 127.0.0.1) instead of minting one for whatever name the client sends.
    ConfigurationProperties.directoryToSaveDynamicSSLCertificate(dir.toString());
    ConfigurationProperties.preventCertificateDynamicUpdate(true);
    mock = ClientAndServer.startClientAndServer(0);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    mock.stop();
    vertx.close().await();
  }

  @BeforeEach
  void reset() {
    mock.reset();
  }

  private static VaultConfig config(String scheme, Optional<String> namespace, TlsConfig tls) {
    return new VaultConfig(URI.create(scheme + "://127.0.0.1:" + mock.getPort()), namespace,
        Duration.ofMillis("https".equals(scheme) ? 5000 : 500), 2, tls);
  }

  private static VaultClient client() {
    return client(config("http", Optional.of("team-a"), new TlsConfig(Optional.empty(), Optional.empty(), false)));
  }

  private static VaultClient client(VaultConfig config) {
    return VaultClient.create(vertx, config);
  }

  private static VaultException failureOf(io.vertx.core.Future<?> future) {
    return catchThrowableOfType(VaultException.class, future::await);
  }

  @Test
  void longestRequest_everyAttemptAtItsTimeoutAndTheLongestBackoffBeforeEachRetry() {
    TlsConfig tls = new TlsConfig(Optional.empty(), Optional.empty(), false);
    URI vault = URI.create("http://127.0.0.1:8200");
    assertThat(VaultClient.longestRequest(new VaultConfig(vault, Optional.empty(), Duration.ofSeconds(5), 0, tls)))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(VaultClient.longestRequest(new VaultConfig(vault, Optional.empty(), Duration.ofSeconds(5), 2, tls)))
        .isEqualTo(Duration.ofMillis(15_300));
    assertThat(VaultClient.longestRequest(new VaultConfig(vault, Optional.empty(), Duration.ofSeconds(5), 10, tls)))
        .as("backoff ceilings 0.1, 0.2, 0.4, 0.8, 1.6 s, then 2 s five times").isEqualTo(Duration.ofMillis(68_100));
  }

  @Test
  void send_setsTokenNamespaceAndRequestHeaders() {
    mock.when(request("/v1/transit/keys/k")).respond(response("{\"data\":{}}").withStatusCode(200));
    client().call("read key", VaultRequest.get("/v1/transit/keys/k"), Optional.of(TOKEN)).await();
    mock.verify(request("/v1/transit/keys/k").withHeader("X-Vault-Token", TOKEN.revealForHeader())
        .withHeader("X-Vault-Namespace", "team-a").withHeader("X-Vault-Request", "true"), VerificationTimes.once());
  }

  @Test
  void send_retryable503ThenOk_retriesAndSucceeds() {
    mock.when(request("/v1/sys/x"), Times.exactly(2)).respond(response().withStatusCode(503));
    mock.when(request("/v1/sys/x")).respond(response("{\"data\":{\"ok\":true}}").withStatusCode(200));
    JsonObject body = client().call("x", VaultRequest.get("/v1/sys/x"), Optional.empty()).await();
    assertThat(body.getJsonObject("data").getBoolean("ok")).isTrue();
    mock.verify(request("/v1/sys/x"), VerificationTimes.exactly(3));
  }

  @Test
  void send_notRetryable503_triesOnceAndPassesTheAnswerThrough() {
    mock.when(request("/v1/transit/keys/k/rotate"))
        .respond(response("{\"errors\":[\"Vault is sealed\"]}").withStatusCode(503));
    VaultResponse answer = client().send(VaultRequest.postOnce("/v1/transit/keys/k/rotate", new JsonObject()),
        Optional.of(TOKEN)).await();
    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.body().toString()).contains("Vault is sealed");
    mock.verify(request("/v1/transit/keys/k/rotate"), VerificationTimes.once());
  }

  @Test
  void call_vaultErrors_becomeVaultRejectedWithoutBodyInMessage() {
    mock.when(request("/v1/auth/token/lookup-self")).respond(response(
        "{\"errors\":[\"2 errors occurred:\\n\\t* permission denied\\n\\t* invalid token\\n\\n\"]}").withStatusCode(403));
    VaultRejected e = (VaultRejected) failureOf(
        client().call("token lookup", VaultRequest.get("/v1/auth/token/lookup-self"), Optional.of(TOKEN)));
    assertThat(e.status()).isEqualTo(403);
    assertThat(e.isPermissionDenied()).isTrue();
    assertThat(e.errors()).singleElement().asString().contains("invalid token");
    assertThat(e.getMessage()).isEqualTo("vault refused token lookup with status 403");
  }

  @Test
  void call_malformedJson_isBadGatewayAndHidesTheBody() {
    mock.when(request("/v1/transit/decrypt/k")).respond(response("{\"data\":{\"plaintext\":\"c2VjcmV0").withStatusCode(200));
    VaultException e = failureOf(client().call("decrypt", VaultRequest.post("/v1/transit/decrypt/k", new JsonObject()),
        Optional.of(TOKEN)));
    assertThat(e).isInstanceOf(VaultUnavailable.class);
    assertThat(e.status()).isEqualTo(502);
    assertThat(e.getMessage()).doesNotContain("c2VjcmV0").contains("not Vault's JSON");
  }

  @Test
  void call_htmlWithWrongContentType_isBadGateway() {
    mock.when(request("/v1/transit/keys/k")).respond(response("<html>proxy error</html>")
        .withHeader("Content-Type", "text/html").withStatusCode(200));
    VaultException e = failureOf(client().call("read key", VaultRequest.get("/v1/transit/keys/k"), Optional.of(TOKEN)));
    assertThat(e.status()).isEqualTo(502);
    assertThat(e.getMessage()).doesNotContain("proxy error");
  }

  @Test
  void send_connectionResetMidBody_retriesThenFailsWith502() {
    byte[] partial = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n"
        + "{\"data\":{\"plaintext\":\"c2Vj").getBytes(StandardCharsets.US_ASCII);
    mock.when(request("/v1/transit/decrypt/k")).error(HttpError.error().withResponseBytes(partial).withDropConnection(true));
    VaultException e = failureOf(client().send(VaultRequest.post("/v1/transit/decrypt/k", new JsonObject()),
        Optional.of(TOKEN)));
    assertThat(e).isInstanceOf(VaultUnavailable.class);
    assertThat(e.status()).isEqualTo(502);
    assertThat(e.getMessage()).doesNotContain("c2Vj");
    mock.verify(request("/v1/transit/decrypt/k"), VerificationTimes.exactly(3));
  }

  @Test
  void send_slowAnswer_timesOutWith504WithinTimeoutTimesAttempts() {
    mock.when(request("/v1/transit/keys/k")).respond(response("{}").withDelay(Delay.delay(TimeUnit.SECONDS, 5)));
    long start = System.nanoTime();
    VaultException e = failureOf(client().send(VaultRequest.get("/v1/transit/keys/k"), Optional.of(TOKEN)));
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(e.status()).isEqualTo(504);
    assertThat(tookMs).as("3 attempts of 500 ms plus backoff, never the 5 s of the answer").isLessThan(4_000);
  }

  @Test
  void tls_privateCaAndServerName_verifiesAndConnects() throws IOException {
    mock.when(request("/v1/sys/health")).respond(response("{\"initialized\":true}").withStatusCode(200));
    TlsConfig tls = new TlsConfig(Optional.of(mockServerCa()), Optional.of("localhost"), false);
    JsonObject body = client(config("https", Optional.empty(), tls))
        .call("health", VaultRequest.get("/v1/sys/health"), Optional.empty()).await();
    assertThat(body.getBoolean("initialized")).isTrue();
  }

  @Test
  void tls_unknownCa_isRefused() {
    mock.when(request("/v1/sys/health")).respond(response("{}").withStatusCode(200));
    TlsConfig tls = new TlsConfig(Optional.empty(), Optional.of("localhost"), false);
    VaultException e = failureOf(client(config("https", Optional.empty(), tls))
        .call("health", VaultRequest.probe("/v1/sys/health"), Optional.empty()));
    assertThat(e).as("refused").isNotNull();
    assertThat(e.getMessage()).contains("unreachable");
    assertThat(e.status()).isEqualTo(502);
    mock.verify(request("/v1/sys/health"), VerificationTimes.never());
  }

  @Test
  void tls_serverNameNotInCertificate_isRefused() throws IOException {
    mock.when(request("/v1/sys/health")).respond(response("{}").withStatusCode(200));
    TlsConfig tls = new TlsConfig(Optional.of(mockServerCa()), Optional.of("vault.wrong.example"), false);
    VaultException e = failureOf(client(config("https", Optional.empty(), tls))
        .call("health", VaultRequest.probe("/v1/sys/health"), Optional.empty()));
    assertThat(e.status()).isEqualTo(502);
  }

  @Test
  void token_toString_neverShowsTheValue() {
    assertThat(TOKEN.toString()).doesNotContain("client-test-token");
    assertThat(VaultRequest.post("/v1/transit/encrypt/k", new JsonObject().put("plaintext", "c2VjcmV0")).toString())
        .doesNotContain("c2VjcmV0");
  }

  private static Path mockServerCa() throws IOException {
    try (InputStream in = ClientAndServer.class.getResourceAsStream("/org/mockserver/socket/CertificateAuthorityCertificate.pem")) {
      Path ca = dir.resolve("mockserver-ca.pem");
      Files.write(ca, in.readAllBytes());
      return ca;
    }
  }
}
