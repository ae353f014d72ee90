package dev.transitsidecar.inject;

import static dev.transitsidecar.testing.HelmChart.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transitsidecar.testing.HelmChart;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code values.schema.json} refuses what the webhook or the sidecar would refuse, so that {@code helm install}
 * fails before anything reaches the cluster, with a message that names the value; and every value it lets through
 * for the sidecar, the sidecar's own parser accepts.
 */
class ChartSchemaTest {
  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of(values("webhook.port", 70000), "webhook.port"),
        Arguments.of(values("webhook.port", 0), "webhook.port"),
        Arguments.of(values("webhook.failurePolicy", "Sometimes"), "webhook.failurePolicy"),
        Arguments.of(values("webhook.logLevel", "verbose"), "webhook.logLevel"),
        Arguments.of(values("sidecar.vaultAddress", "vault.vault.svc:8200"), "sidecar.vaultAddress"),
        Arguments.of(values("sidecar.vaultAddress", "https://user:pw@vault:8200"), "sidecar.vaultAddress"),
        Arguments.of(values("sidecar.nativeSidecar", "yes"), "sidecar.nativeSidecar"),
        Arguments.of(values("certificates.mode", "selfSigned"), "certificates.mode"),
        Arguments.of(values("certificates.mode", "existingSecret", "certificates.existingSecret.name", "tls"),
            "certificates.existingSecret.caBundle"),
        Arguments.of(values("certificates.certManager.duration", "90 days"), "certificates.certManager.duration"),
        Arguments.of(values("monitoring.serviceMonitor.interval", "often"), "monitoring.serviceMonitor.interval"),
        Arguments.of(values("webhok", Map.of("port", 8443)), "webhok"),
        Arguments.of(rule("cache-ttl", "soon"), "injectionRules.0.annotations.cache-ttl"),
        Arguments.of(rule("cache-ttl", "15"), "injectionRules.0.annotations.cache-ttl"),
        Arguments.of(rule("cache-ttl", "0s"), "injectionRules.0.annotations.cache-ttl"),
        Arguments.of(rule("auth-method", "ldap"), "injectionRules.0.annotations.auth-method"),
        Arguments.of(rule("auth-method", "approle"), "injectionRules.0.annotations.auth-method"),
        Arguments.of(rule("transit-mount", "../sys"), "injectionRules.0.annotations.transit-mount"),
        Arguments.of(rule("memory-limit", "lots"), "injectionRules.0.annotations.memory-limit"),
        Arguments.of(rule("cache_ttl", "15m"), "cache_ttl"),
        Arguments.of(values("injectionRules", List.of(Map.of("name", "k10", "namespace", "kasten-io",
            "matchLabels", Map.of("component", "crypto"),
            "annotations", Map.of("auth-method", "kubernetes")))), "role"),
        Arguments.of(values("injectionRules", List.of(Map.of("name", "k10", "namespace", "kasten-io",
            "matchLabels", Map.of("component", "crypto"), "annotations", Map.of("transit-key", "k10")))),
            "token-secret"),
        Arguments.of(values("injectionRules", List.of(Map.of("name", "system", "namespace", "kube-system",
            "matchLabels", Map.of("a", "b"), "annotations", Map.of()))), "injectionRules.0.namespace"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badValues")
  void badValue_refusedWithAMessageNamingIt(Map<String, Object> values, String named) {
    assertThatThrownBy(() -> HelmChart.template(values))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .satisfies(e -> assertThat(normalized(e.getMessage())).contains(named));
  }

  @ParameterizedTest
  @ValueSource(strings = {"500ms", "30s", "15m", "24h", "1h30m"})
  void goodDuration_acceptedByTheSchemaAndTheSidecar(String ttl) {
    HelmChart.template(rule("cache-ttl", ttl));

    assertThat(dev.transitsidecar.config.EnvValues.problem("SIDECAR_CACHE_TTL", ttl)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "15", "0s", "1d", "-5m", "15 m"})
  void badDuration_refusedByTheSchemaAndTheSidecar(String ttl) {
    assertThatThrownBy(() -> HelmChart.template(rule("cache-ttl", ttl))).hasMessageContaining("cache-ttl");

    assertThat(dev.transitsidecar.config.EnvValues.problem("SIDECAR_CACHE_TTL", ttl)).isPresent();
  }

  /** An injection rule for kasten-io with token auth and one more annotation. */
  static Map<String, Object> rule(String annotation, String value) {
    Map<String, String> annotations = new java.util.HashMap<>(Map.of("auth-method", "token", "token-secret",
        "vault-token"));
    annotations.put(annotation, value);
    return values("injectionRules", List.of(Map.of("name", "k10", "namespace", "kasten-io",
        "matchLabels", Map.of("component", "crypto"), "annotations", annotations)));
  }

  /** Helm's validators name a value as a JSON pointer (/a/b) or a dotted path (a.b); compare dotted. */
  private static String normalized(String message) {
    return message.replace('/', '.');
  }
}
