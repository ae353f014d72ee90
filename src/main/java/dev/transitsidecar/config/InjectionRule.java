package dev.transitsidecar.config;

import java.util.Map;

/**
 * Injection asked for from the webhook's side ({@code webhook.injectionRules}), for pods whose chart cannot carry
 * annotations: the pods in {@code namespace} whose labels include every one of {@code matchLabels} are treated as if
 * they carried {@code annotations} (the names without the {@code transit-sidecar.dev/} prefix, {@code inject: "true"}
 * implied). A pod's own annotations win, value by value.
 *
 * @param name a DNS label naming the rule (and, in the chart, its webhook entry)
 */
public record InjectionRule(String name, String namespace, Map<String, String> matchLabels,
    Map<String, String> annotations) {

  public InjectionRule {
    matchLabels = Map.copyOf(matchLabels);
    annotations = Map.copyOf(annotations);
  }

  /** True for a pod in this namespace whose labels include all of {@link #matchLabels}. */
  public boolean matches(String podNamespace, Map<String, String> podLabels) {
    return namespace.equals(podNamespace) && podLabels.entrySet().containsAll(matchLabels.entrySet());
  }
}
