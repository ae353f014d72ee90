package dev.transitsidecar;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The process-wide Vert.x instance, with Vert.x and JVM metrics in a Prometheus registry and the native transport
 * (epoll) when the platform has it, which {@code listen.unixSocket} needs. The blocking work is a few file reads and
 * writes (token files, the keystore, certificates), so the worker and internal blocking pools have
 * {@value #BLOCKING_THREADS} threads each instead of Vert.x's 20: a fixed pool starts a new thread for each task until
 * it is full, and every thread costs the process a stack and a malloc arena.
 */
public record SidecarRuntime(Vertx vertx, PrometheusMeterRegistry registry) {
  private static final Logger LOG = LoggerFactory.getLogger(SidecarRuntime.class);
  static final int BLOCKING_THREADS = 4;
  /** Netty's switch for its buffer allocation events in JDK Flight Recorder. */
  static final String NETTY_JFR = "io.netty.jfr.enabled";

  static {
    // Netty defines a JFR event for every buffer allocated and freed when the runtime has JFR; the first allocation
    // then registers those event classes, which starts JFR's metadata machinery on the event loop (about 70 ms of
    // the start and 1.7 MiB resident) for events nobody records. Off unless the JVM options set the property
    // (-Dio.netty.jfr.enabled=true turns them on again for a recording).
    if (System.getProperty(NETTY_JFR) == null) {
      System.setProperty(NETTY_JFR, "false");
    }
  }

  /**
   * For the sidecar ({@code run}, {@code dev}): Vert.x's own HTTP server metrics are off, since the loopback API
   * counts and times every request by route itself ({@code transit_sidecar_requests_total},
   * {@code transit_sidecar_request_duration_seconds}) and the duplicate bookkeeping cost about a tenth of a derive
   * request's time. The JVM's meters are bound at the first scrape of {@code /metrics} (the loopback API's
   * {@code MetricsScrape}), not at start.
   */
  public static SidecarRuntime create() {
    return create(new MicrometerMetricsOptions().addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
        .setJvmMetricsEnabled(false));
  }

  /** For the webhook: Vert.x's HTTP server metrics time every admission review, and the JVM's meters are bound. */
  public static SidecarRuntime withServerMetrics() {
    return create(new MicrometerMetricsOptions().setJvmMetricsEnabled(true));
  }

  private static SidecarRuntime create(MicrometerMetricsOptions metrics) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    VertxOptions options = new VertxOptions()
        .setPreferNativeTransport(true)
        .setWorkerPoolSize(BLOCKING_THREADS)
        .setInternalBlockingPoolSize(BLOCKING_THREADS)
        .setMetricsOptions(metrics.setEnabled(true));
    Vertx vertx = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)).build();
    return new SidecarRuntime(vertx, registry);
  }

  /** Closes Vert.x when the JVM stops for any other reason (SIGINT, {@code System.exit}). */
  public SidecarRuntime closeOnShutdown() {
    java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await(), "shutdown"));
    return this;
  }

  /**
   * On SIGTERM (the kubelet stopping the container), stops gracefully: runs {@code graceful} once, then closes
   * Vert.x and exits 0, or 1 if the stop failed. A second SIGTERM is logged and changes nothing: the stop under way
   * continues and no request in flight is cut (docs/reliability.md#shutdown). Any other way the JVM stops closes
   * Vert.x at once ({@link #closeOnShutdown()}).
   */
  public SidecarRuntime stopOnSigterm(Supplier<Future<?>> graceful) {
    closeOnShutdown();
    AtomicBoolean stopping = new AtomicBoolean();
    Signal.handle(new Signal("TERM"), signal -> {
      if (!stopping.compareAndSet(false, true)) {
        LOG.info("SIGTERM again: the stop under way continues, requests in flight still finish");
        return;
      }
      Thread.ofPlatform().name("graceful-stop").start(() -> System.exit(stopThenClose(graceful)));
    });
    return this;
  }

  /**
   * The stop, then Vert.x closed; 1 when either failed. Whatever {@code await} throws ({@code Future.await} rethrows
   * a failure's cause as it is, checked or an {@link Error}), the caller still reaches {@code System.exit}: a process
   * that stops handling SIGTERM must never be left running.
   */
  private int stopThenClose(Supplier<Future<?>> graceful) {
    int code = 0;
    try {
      graceful.get().await();
    } catch (Throwable e) {
      LOG.warn("the graceful stop failed ({}); closing now", e.getClass().getName());
      code = 1;
    }
    try {
      vertx.close().await();
    } catch (Throwable e) {
      LOG.warn("closing Vert.x failed ({})", e.getClass().getName());
      code = 1;
    }
    return code;
  }
}
