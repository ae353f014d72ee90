package dev.transitsidecar.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.transitsidecar.config.WebhookConfig;
import dev.transitsidecar.testing.FakeClock;
import dev.transitsidecar.testing.FakeScheduler;
import dev.transitsidecar.testing.Http;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The certificate is reloaded from its files without a restart: a new pair is served to new connections after the
 * next check; a pair that does not load leaves the previous one in use; the key never reaches a log line.
 */
class CertificateReloadTest {
  @TempDir
  Path dir;

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private WebhookFixture fixture;

  @BeforeEach
  void start() {
    logs.start();
    root.addAppender(logs);
    fixture = new WebhookFixture(dir);
  }

  @AfterEach
  void stop() {
    fixture.close();
    root.detachAppender(logs);
  }

  @Test
  void check_filesReplaced_newConnectionsGetTheNewCertificate() {
    assertThat(servedName()).isEqualTo("CN=webhook-1");
    TestCertificates.Issued second = fixture.first.renew("webhook-2");
    second.writeTo(dir);

    nextCheck();

    Http.eventually(Duration.ofSeconds(10), () -> servedName().equals("CN=webhook-2"));
    assertThat(fixture.get("/healthz").status()).isEqualTo(200);
    assertNoKeyIn(List.of(fixture.first, second));
  }

  @Test
  void check_filesUnchanged_keepsServingAndSchedulesTheNextCheck() {
    nextCheck();
    waitForNextCheckScheduled();

    assertThat(servedName()).isEqualTo("CN=webhook-1");
    assertThat(fixture.get("/metrics").body()).doesNotContain("transit_sidecar_webhook_certificate_reloads_total");
  }

  @Test
  void check_keyDoesNotMatchOrFileMissing_previousCertificateStaysUntilAGoodPairArrives() throws IOException {
    TestCertificates.Issued second = fixture.first.renew("webhook-2");
    TestCertificates.Issued third = fixture.first.renew("webhook-3");
    second.writeTo(dir);
    Files.writeString(dir.resolve("tls.key"), third.keyPem());
    nextCheck();
    waitForNextCheckScheduled();
    Files.delete(dir.resolve("tls.key"));
    nextCheck();
    waitForNextCheckScheduled();

    assertThat(servedName()).isEqualTo("CN=webhook-1");
    assertThat(warnings()).hasSize(2).allSatisfy(w -> assertThat(w).contains("previous one stays in use"));

    third.writeTo(dir);
    nextCheck();
    Http.eventually(Duration.ofSeconds(10), () -> servedName().equals("CN=webhook-3"));
    assertNoKeyIn(List.of(fixture.first, second, third));
  }

  @Test
  void start_missingKeyFile_failsWithOneLineNamingTheSetting() {
    Vertx vertx = Vertx.vertx();
    try {
      WebhookConfig config = new WebhookConfig(0, dir.resolve("tls.crt"), dir.resolve("absent.key"), "i",
          Pods.WEBHOOK.vaultAddress(), false);

      assertThatThrownBy(() -> Webhook.start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
          new FakeScheduler(new FakeClock())).await())
          .hasMessage("webhook.keyFile: cannot read " + dir.resolve("absent.key") + " (NoSuchFileException)");
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void start_keyOfAnotherCertificate_failsWithOneLineAndNoKey() throws IOException {
    Files.writeString(dir.resolve("other.key"), TestCertificates.issue("other").keyPem());
    Vertx vertx = Vertx.vertx();
    try {
      WebhookConfig config = new WebhookConfig(0, dir.resolve("tls.crt"), dir.resolve("other.key"), "i",
          Pods.WEBHOOK.vaultAddress(), false);

      assertThatThrownBy(() -> Webhook.start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
          new FakeScheduler(new FakeClock())).await())
          .hasMessage("webhook.keyFile: the key does not belong to the certificate in webhook.certFile")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    } finally {
      vertx.close().await();
    }
  }

  private void nextCheck() {
    assertThat(fixture.scheduler.nextDelay()).contains(CertificateReloader.INTERVAL);
    fixture.scheduler.advance(CertificateReloader.INTERVAL);
  }

  /** The check runs asynchronously; it schedules the next one when it is done. */
  private void waitForNextCheckScheduled() {
    Http.eventually(Duration.ofSeconds(10), () -> fixture.scheduler.pendingCount() == 1);
  }

  private String servedName() {
    return TestCertificates.served(fixture.webhook.port()).getSubjectX500Principal().getName();
  }

  private List<String> warnings() {
    return logs.list.stream().filter(e -> e.getLevel().toString().equals("WARN"))
        .map(ILoggingEvent::getFormattedMessage).toList();
  }

  private void assertNoKeyIn(List<TestCertificates.Issued> issued) {
    for (ILoggingEvent event : List.copyOf(logs.list)) {
      String line = event.getFormattedMessage() + " " + (event.getThrowableProxy() == null ? ""
          : event.getThrowableProxy().getMessage());
      assertThat(line).doesNotContain("PRIVATE KEY");
      for (TestCertificates.Issued i : issued) {
        String keyBody = i.keyPem().lines().skip(1).findFirst().orElseThrow();
        assertThat(line).doesNotContain(keyBody);
      }
    }
  }
}
