package dev.transitsidecar;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;

/**
 * The process-wide Vert.x instance, with Vert.x and JVM metrics in a Prometheus registry and the native transport
 * (epoll) when the platform has it, which {@code listen.unixSocket} needs.
 */
public record SidecarRuntime(Vertx vertx, PrometheusMeterRegistry registry) {
  /**
   * For the sidecar ({@code run}, {@code dev}): Vert.x's own HTTP server metrics are off, since the loopback API
   * counts and times every request by route itself ({@code transit_sidecar_requests_total},
   * {@code transit_sidecar_request_duration_seconds}) and the duplicate bookkeeping cost about a tenth of a derive
   * request's time.
   */
  public static SidecarRuntime create() {
    return create(new MicrometerMetricsOptions().addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER));
  }

  /** For the webhook: Vert.x's HTTP server metrics time every admission review. */
  public static SidecarRuntime withServerMetrics() {
    return create(new MicrometerMetricsOptions());
  }

  private static SidecarRuntime create(MicrometerMetricsOptions metrics) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    VertxOptions options = new VertxOptions()
        .setPreferNativeTransport(true)
        .setMetricsOptions(metrics.setEnabled(true).setJvmMetricsEnabled(true));
    Vertx vertx = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)).build();
    return new SidecarRuntime(vertx, registry);
  }

  /** Closes Vert.x when the JVM is asked to stop (SIGTERM from the kubelet), so servers drain and close. */
  public SidecarRuntime closeOnShutdown() {
    java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await(), "shutdown"));
    return this;
  }
}
