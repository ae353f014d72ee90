package dev.transitsidecar.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The loopback API's metrics, labelled with route names from a small fixed set (never a raw path):
 * {@code transit_sidecar_requests_total{route,status}}, {@code transit_sidecar_request_duration_seconds} (a
 * histogram per route) and {@code transit_sidecar_vault_requests_total{op,status}} (one per forwarded call, after
 * the Vault client's retries; status is Vault's, or 502/504 when no answer came; a coalesced batch is one call), the
 * coalescing meters ({@link #coalescedBatch}). It also keeps the two totals
 * that {@code GET /sidecar/v1/status} shows. The meters are looked up once per label set and kept (the registry's own
 * lookup sorts and hashes the tags on every call, a large share of a derive request's time).
 */
final class ProxyMetrics {
  static final String OTHER = "other";
  static final String REFUSED = "refused";
  private static final String ROUTE_KEY = "transit-sidecar.route";
  private static final String FORWARDED_KEY = "transit-sidecar.forwarded";

  private final MeterRegistry registry;
  private final AtomicLong forwarded = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  private final Counter batches;
  private final DistributionSummary batchSizes;
  private final Map<String, Timer> durations = new ConcurrentHashMap<>();
  private final Map<String, Map<Integer, Counter>> served = new ConcurrentHashMap<>();
  private final Map<String, Map<Integer, Counter>> vaultCalls = new ConcurrentHashMap<>();

  ProxyMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.batches = Counter.builder("transit_sidecar_coalesced_batches")
        .description("Coalesced encrypt and decrypt requests sent to Vault as one batch_input call")
        .register(registry);
    this.batchSizes = DistributionSummary.builder("transit_sidecar_coalesced_batch_size")
        .description("Requests per coalescing group as it is sent (1: sent alone)")
        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000)
        .register(registry);
  }

  /** Names the route of the request being served, for its metrics. */
  static void routeOf(RoutingContext ctx, String route) {
    ctx.put(ROUTE_KEY, route);
  }

  /** The first handler: times the request and counts it when its response ends. */
  void measure(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(done -> record(ctx, System.nanoTime() - start));
    ctx.next();
  }

  private void record(RoutingContext ctx, long nanos) {
    record(ctx.get(ROUTE_KEY, OTHER), ctx.response().getStatusCode(), ctx.get(FORWARDED_KEY, false), nanos);
  }

  /** Counts and times one request of {@code route} answered with {@code status}, as {@link #measure} does. */
  void record(String route, int status, boolean forwardedToVault, long nanos) {
    counter(served, "transit_sidecar_requests", "Requests served by the loopback API", "route", route, status)
        .increment();
    duration(route).record(nanos, TimeUnit.NANOSECONDS);
    if (status >= 400 && status < 500 && !forwardedToVault) {
      refused.incrementAndGet();
    }
  }

  private Timer duration(String route) {
    return durations.computeIfAbsent(route, r -> Timer.builder("transit_sidecar_request_duration")
        .description("Time to answer a loopback API request")
        .tag("route", r).publishPercentileHistogram().register(registry));
  }

  /** Counts one forwarded call and its outcome. */
  void vaultCall(RoutingContext ctx, String op, int status) {
    forwarded(ctx);
    vaultCall(op, status);
  }

  /** Marks the request as answered by Vault (its 4xx is Vault's, not a refusal of ours). */
  static void forwarded(RoutingContext ctx) {
    ctx.put(FORWARDED_KEY, true);
  }

  /** Counts one call to Vault (a coalesced batch counts once) and its outcome. */
  void vaultCall(String op, int status) {
    forwarded.incrementAndGet();
    counter(vaultCalls, "transit_sidecar_vault_requests", "Calls forwarded to Vault", "op", op, status).increment();
  }

  private Counter counter(Map<String, Map<Integer, Counter>> kept, String name, String description, String label,
      String value, int status) {
    return kept.computeIfAbsent(value, v -> new ConcurrentHashMap<>()).computeIfAbsent(status, s -> Counter
        .builder(name).description(description).tag(label, value).tag("status", String.valueOf(s)).register(registry));
  }

  /**
   * Counts one coalescing group as it leaves: {@code transit_sidecar_coalesced_batch_size} records its size (1 when
   * it went alone), {@code transit_sidecar_coalesced_batches_total} counts those sent as a {@code batch_input}.
   */
  void coalescedBatch(int size) {
    batchSizes.record(size);
    if (size > 1) {
      batches.increment();
    }
  }

  /** The {@code proxy} section of the status document. */
  JsonObject status() {
    return new JsonObject().put("forwarded", forwarded.get()).put("refused", refused.get());
  }
}
