package dev.transitsidecar.inject;

import dev.transitsidecar.time.Cancellable;
import dev.transitsidecar.time.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the certificate and key files every {@link #INTERVAL} and, when they changed, hands them to the running
 * server ({@link HttpServer#updateSSLOptions}): new connections get the new certificate, open ones keep theirs, and
 * nothing restarts. Kubernetes swaps a Secret volume's files atomically, so a pair is read together; a pair that
 * does not load (a key that does not match, a half-written file) is logged and the previous one stays in use until
 * a later check finds a good pair. One check runs at a time.
 */
final class CertificateReloader {
  static final Duration INTERVAL = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

  private final Vertx vertx;
  private final Path certFile;
  private final Path keyFile;
  private final HttpServer server;
  private final Scheduler scheduler;
  private final WebhookMetrics metrics;
  private volatile TlsMaterial current;
  private volatile Optional<Cancellable> next = Optional.empty();
  private volatile boolean stopped;

  CertificateReloader(Vertx vertx, Path certFile, Path keyFile, HttpServer server, Scheduler scheduler,
      WebhookMetrics metrics, TlsMaterial initial) {
    this.vertx = vertx;
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.server = server;
    this.scheduler = scheduler;
    this.metrics = metrics;
    this.current = initial;
  }

  CertificateReloader start() {
    scheduleNext();
    return this;
  }

  void stop() {
    stopped = true;
    next.ifPresent(Cancellable::cancel);
  }

  private void scheduleNext() {
    if (!stopped) {
      next = Optional.of(scheduler.schedule(INTERVAL, this::check));
    }
  }

  private void check() {
    current.reread(vertx, certFile, keyFile)
        .compose(read -> read == current ? Future.succeededFuture() : apply(read))
        .onFailure(e -> LOG.warn("webhook: the TLS certificate could not be reloaded from {}; the previous one stays "
            + "in use ({}: {})", certFile, e.getClass().getSimpleName(), e.getMessage()))
        .onComplete(done -> scheduleNext());
  }

  private Future<Void> apply(TlsMaterial read) {
    return server.updateSSLOptions(read.sslOptions())
        .onFailure(e -> metrics.certificateReload(false))
        .map(updated -> {
          current = read;
          metrics.certificateReload(true);
          LOG.info("webhook: reloaded the TLS certificate from {}", certFile);
          return null;
        });
  }
}
