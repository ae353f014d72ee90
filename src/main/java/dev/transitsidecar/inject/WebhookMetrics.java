package dev.transitsidecar.inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The webhook's own counters, beside Vert.x's HTTP server metrics (which time every request):
 * {@code transit_sidecar_webhook_admissions_total{outcome}} (injected, skipped, denied, malformed) and
 * {@code transit_sidecar_webhook_certificate_reloads_total{result}} (reloaded, failed).
 */
final class WebhookMetrics {
  private final MeterRegistry registry;

  WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void admission(String outcome) {
    Counter.builder("transit_sidecar_webhook_admissions").tag("outcome", outcome)
        .description("Admission reviews answered, by outcome").register(registry).increment();
  }

  void certificateReload(boolean reloaded) {
    Counter.builder("transit_sidecar_webhook_certificate_reloads").tag("result", reloaded ? "reloaded" : "failed")
        .description("Changes of the TLS certificate files, applied or not").register(registry).increment();
  }

  static String outcomeOf(PodMutator.Result result) {
    return switch (result) {
      case PodMutator.Allowed a when a.patch().isEmpty() -> "skipped";
      case PodMutator.Allowed a -> "injected";
      case PodMutator.Denied d -> "denied";
    };
  }
}
