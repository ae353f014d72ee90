package dev.transitsidecar;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

/**
 * The process-wide Vert.x instance, with Vert.x and JVM metrics in a Prometheus registry and the native transport
 * (epoll) when the platform has it, which {@code listen.unixSocket} needs.
 */
public record SidecarRuntime(Vertx vertx, PrometheusMeterRegistry registry) {
  public static SidecarRuntime create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    VertxOptions options = new VertxOptions()
        .setPreferNativeTransport(true)
        .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true));
    Vertx vertx = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)).build();
    return new SidecarRuntime(vertx, registry);
  }

  /** Closes Vert.x when the JVM is asked to stop (SIGTERM from the kubelet), so servers drain and close. */
  public SidecarRuntime closeOnShutdown() {
    java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await(), "shutdown"));
    return this;
  }
}
