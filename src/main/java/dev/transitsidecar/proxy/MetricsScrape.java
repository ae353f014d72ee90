package dev.transitsidecar.proxy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.List;

/**
 * {@code GET /metrics}, with the JVM's meters (the ones Vert.x Micrometer binds with its JVM metrics on: memory, GC,
 * threads, classes, compilation, heap pressure, processor, uptime, {@code jvm_info}) bound at the first scrape rather
 * than at start: they load the JDK's management API, about 180 classes that a sidecar nobody scrapes never needs.
 * The binding runs on a worker thread, not the event loop; a registry that has them already is left as it is. GC
 * pauses before the first scrape are not counted.
 */
final class MetricsScrape implements Handler<RoutingContext> {
  private static final String BOUND_MARK = "jvm.info";

  private final PrometheusMeterRegistry registry;
  private final Handler<RoutingContext> scrape;
  private volatile boolean bound;

  MetricsScrape(PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.scrape = PrometheusScrapingHandler.create(registry);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (bound) {
      scrape.handle(ctx);
      return;
    }
    ctx.vertx().executeBlocking(() -> bindJvmMeters(registry)).onComplete(done -> {
      bound = true;
      scrape.handle(ctx);
    });
  }

  /** Binds the JVM's meters to the registry unless they are there already; true when it bound them. */
  static boolean bindJvmMeters(MeterRegistry registry) {
    synchronized (registry) {
      if (registry.find(BOUND_MARK).meter() != null) {
        return false;
      }
      List<MeterBinder> binders = List.of(new ClassLoaderMetrics(), new JvmCompilationMetrics(), new JvmGcMetrics(),
          new JvmHeapPressureMetrics(), new JvmInfoMetrics(), new JvmMemoryMetrics(), new JvmThreadMetrics(),
          new ProcessorMetrics(), new UptimeMetrics());
      binders.forEach(binder -> binder.bindTo(registry));
      return true;
    }
  }
}
