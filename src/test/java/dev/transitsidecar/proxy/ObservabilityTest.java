package dev.transitsidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.Http.Answer;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The proxy's metrics as Prometheus renders them, and logs that never carry a secret. */
class ObservabilityTest {
  private static final String PLAINTEXT = "c2VjcmV0LW1hc3Rlci1rZXktbWF0ZXJpYWw=";
  private static final String JWT = ProxyFixture.POD_JWT;
  private ProxyFixture proxy;
  private ListAppender<ILoggingEvent> logs;

  @BeforeEach
  void start() {
    logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    proxy = ProxyFixture.withClientToken();
  }

  @AfterEach
  void stop() {
    proxy.close();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
  }

  private Answer encrypt(String token) {
    return Http.send(proxy.request("/v1/transit/encrypt/kasten").header("X-Vault-Token", token)
        .POST(BodyPublishers.ofString("{\"plaintext\":\"" + PLAINTEXT + "\"}")).build());
  }

  @Test
  void metrics_renderedNamesAndLowCardinalityLabels() {
    assertThat(encrypt(ProxyFixture.CLIENT_TOKEN).status()).isEqualTo(200);
    proxy.get("/v1/transit/keys/kasten/../../sys/mounts");
    proxy.get("/v1/sys/mounts");
    String metrics = proxy.get("/metrics").body();
    assertThat(metrics)
        .contains("transit_sidecar_requests_total{route=\"transit/encrypt\",status=\"200\"} 1.0")
        .contains("transit_sidecar_requests_total{route=\"refused\",status=\"403\"}")
        .contains("transit_sidecar_request_duration_seconds_bucket{route=\"transit/encrypt\",le=")
        .contains("transit_sidecar_request_duration_seconds_count{route=\"transit/encrypt\"} 1")
        .contains("transit_sidecar_vault_requests_total{op=\"transit/encrypt\",status=\"200\"} 1.0")
        .doesNotContain("route=\"/v1").doesNotContain("sys/mounts");
  }

  @Test
  void vaultCallsMetric_countsVaultsStatusAndUnavailability() {
    proxy.post("/v1/transit/decrypt/kasten", "{\"ciphertext\":\"bad\"}");
    Http.send(proxy.request("/v1/transit/decrypt/kasten").header("X-Vault-Token", ProxyFixture.CLIENT_TOKEN)
        .POST(BodyPublishers.ofString("{\"ciphertext\":\"bad\"}")).build());
    String metrics = proxy.get("/metrics").body();
    assertThat(metrics).contains("transit_sidecar_vault_requests_total{op=\"transit/decrypt\",status=\"400\"} 1.0");
  }

  @Test
  void logs_neverCarryATokenPlaintextOrJwt() {
    encrypt(ProxyFixture.CLIENT_TOKEN);
    encrypt("wrong-" + ProxyFixture.CLIENT_TOKEN);
    Http.send(proxy.request("/v1/auth/token/lookup-self").header("X-Vault-Token", ProxyFixture.CLIENT_TOKEN)
        .GET().build());
    proxy.post("/v1/auth/kubernetes/login", "{\"role\":\"k10\",\"jwt\":\"" + JWT + "\"}");
    proxy.post("/v1/auth/kubernetes/login", "{\"role\":\"k10\",\"jwt\":\"" + JWT);
    proxy.engine.faults().latency(Duration.ofSeconds(5));
    proxy.engine.close().await();
    encrypt(ProxyFixture.CLIENT_TOKEN);
    assertThat(logs.list).allSatisfy(event -> assertThat(event.getFormattedMessage() + event.getThrowableProxy())
        .doesNotContain(ProxyFixture.CLIENT_TOKEN)
        .doesNotContain(proxy.sidecarToken)
        .doesNotContain(PLAINTEXT)
        .doesNotContain(JWT));
  }
}
