package dev.transitsidecar.inject;

import dev.transitsidecar.config.InjectionRule;
import dev.transitsidecar.config.WebhookConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code webhook.injectionRules} as the mutator reads them: a rule's annotations under their full names with
 * {@code inject: "true"} implied, and the check at start that each rule alone gives a pod everything the sidecar
 * needs (known annotations, values the sidecar accepts, the token Secret or the Kubernetes role), so that a wrong
 * rule stops the webhook at start instead of denying every pod it names.
 */
final class InjectionRules {
  private InjectionRules() {}

  static Map<String, String> asAnnotations(InjectionRule rule) {
    Map<String, String> annotations = new HashMap<>();
    annotations.put(Annotations.INJECT, "true");
    rule.annotations().forEach((name, value) -> annotations.put(Annotations.PREFIX + name, value));
    return annotations;
  }

  /** What is wrong with the first rule that a pod could not be injected with, naming the rule; empty if none. */
  static Optional<String> problem(WebhookConfig config) {
    for (InjectionRule rule : config.injectionRules()) {
      try {
        AnnotationReader.read(asAnnotations(rule), config);
      } catch (InvalidAnnotation e) {
        return Optional.of("webhook.injectionRules: rule " + rule.name() + ": " + e.getMessage());
      }
    }
    return Optional.empty();
  }
}
