package dev.transitsidecar.inject;

import static dev.transitsidecar.testing.HelmChart.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import dev.transitsidecar.testing.HelmChart;
import dev.transitsidecar.testing.HelmChart.Rendered;
import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart, rendered without a cluster: the default values and a table of value sets each render objects
 * that parse strictly into their models ({@link HelmChart}), and the webhook's Deployment, Service,
 * MutatingWebhookConfiguration and certificates have the properties {@code docs/injection.md} promises.
 */
class ChartTest {
  private static final String CA_BUNDLE = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==";

  /** The table: each value set renders, and what every one must keep holds for it. */
  static Stream<Arguments> valueSets() {
    return Stream.of(
        Arguments.of("defaults (cert-manager)", values()),
        Arguments.of("existing Secret and CA bundle", values("certificates.mode", "existingSecret",
            "certificates.existingSecret.name", "webhook-tls", "certificates.existingSecret.caBundle", CA_BUNDLE)),
        Arguments.of("monitoring on", values("monitoring.serviceMonitor.enabled", true,
            "monitoring.podMonitor.enabled", true, "monitoring.prometheusRule.enabled", true,
            "monitoring.dashboard.enabled", true)),
        Arguments.of("native sidecar", values("sidecar.nativeSidecar", true)),
        Arguments.of("failurePolicy Ignore", values("webhook.failurePolicy", "Ignore")),
        Arguments.of("no PodDisruptionBudget", values("webhook.podDisruptionBudget.enabled", false)),
        Arguments.of("selector-based injection", values("injectionRules", List.of(k10Rule()))));
  }

  static Map<String, Object> k10Rule() {
    return Map.of("name", "k10-crypto", "namespace", "kasten-io",
        "matchLabels", Map.of("component", "crypto"),
        "annotations", Map.of("auth-method", "kubernetes", "role", "k10", "transit-key", "kasten"));
  }

  @Test
  void defaults_renderTheWebhookItsCertificatesAndAPodDisruptionBudget() {
    Rendered rendered = HelmChart.render(values());

    assertThat(rendered.kindsAndNames()).containsExactlyInAnyOrder(
        "ServiceAccount transit-sidecar-webhook",
        "Service transit-sidecar-webhook",
        "Deployment transit-sidecar-webhook",
        "PodDisruptionBudget transit-sidecar-webhook",
        "MutatingWebhookConfiguration transit-sidecar-injector",
        "Issuer transit-sidecar-webhook-selfsigned",
        "Certificate transit-sidecar-webhook-ca",
        "Issuer transit-sidecar-webhook-ca",
        "Certificate transit-sidecar-webhook");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void everyValueSet_rendersAWebhookTheApiServerCanReachAndTrust(String name, Map<String, Object> values) {
    Rendered rendered = HelmChart.render(values);
    Deployment deployment = rendered.one(Deployment.class);
    Service service = rendered.one(Service.class);
    MutatingWebhookConfiguration configuration = rendered.one(MutatingWebhookConfiguration.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container webhook = pod.getContainers().getFirst();

    assertRestrictedAndProbed(deployment);
    assertThat(service.getSpec().getSelector().entrySet())
        .isSubsetOf(deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet());
    assertThat(service.getSpec().getPorts().getFirst().getTargetPort().getStrVal())
        .isEqualTo(webhook.getPorts().getFirst().getName());
    for (MutatingWebhook hook : configuration.getWebhooks()) {
      assertThat(hook.getClientConfig().getService().getName()).isEqualTo(service.getMetadata().getName());
      assertThat(hook.getClientConfig().getService().getNamespace()).isEqualTo(HelmChart.NAMESPACE);
      assertThat(hook.getClientConfig().getService().getPort()).isEqualTo(service.getSpec().getPorts().getFirst()
          .getPort());
      assertThat(hook.getClientConfig().getService().getPath()).isEqualTo("/mutate");
      assertOnCreateOnlyNeverTheWebhookNorTheSystem(hook, deployment);
    }
    String tlsSecret = pod.getVolumes().stream().filter(v -> v.getSecret() != null).findFirst().orElseThrow()
        .getSecret().getSecretName();
    if (rendered.all("Certificate").isEmpty()) {
      assertThat(configuration.getWebhooks()).allSatisfy(h -> assertThat(h.getClientConfig().getCaBundle())
          .isEqualTo(CA_BUNDLE));
      assertThat(tlsSecret).isEqualTo("webhook-tls");
    } else {
      Certificate serving = rendered.named(Certificate.class, "transit-sidecar-webhook");
      assertThat(configuration.getMetadata().getAnnotations()).containsEntry("cert-manager.io/inject-ca-from",
          HelmChart.NAMESPACE + "/" + serving.getMetadata().getName());
      assertThat(serving.getSpec().getSecretName()).isEqualTo(tlsSecret);
      assertThat(serving.getSpec().getDnsNames()).contains(service.getMetadata().getName() + "." + HelmChart.NAMESPACE
          + ".svc");
      assertThat(serving.getSpec().getIssuerRef().getName()).isEqualTo("transit-sidecar-webhook-ca");
      assertThat(rendered.named(Certificate.class, "transit-sidecar-webhook-ca").getSpec().getIsCA()).isTrue();
    }
  }

  @Test
  void rendering_isTheSameEveryTime_noCertificateIsGeneratedOnRender() {
    for (Map<String, Object> values : valueSets().map(a -> castValues(a.get()[1])).toList()) {
      assertThat(HelmChart.template(values)).isEqualTo(HelmChart.template(values));
    }
  }

  @Test
  void webhookDeployment_settingsOfTheInjectedSidecarFromValues() {
    Container webhook = webhookContainer(HelmChart.render(values("image.repository", "registry.local/ts",
        "image.tag", "1.2.3", "sidecar.vaultAddress", "https://vault.example:8200", "sidecar.nativeSidecar", true,
        "webhook.port", 9443)));

    assertThat(webhook.getImage()).isEqualTo("registry.local/ts:1.2.3");
    assertThat(env(webhook)).containsEntry("SIDECAR_WEBHOOK_IMAGE", "registry.local/ts:1.2.3")
        .containsEntry("SIDECAR_WEBHOOK_VAULT_ADDRESS", "https://vault.example:8200")
        .containsEntry("SIDECAR_WEBHOOK_NATIVE_SIDECAR", "true")
        .containsEntry("SIDECAR_WEBHOOK_PORT", "9443")
        .containsEntry("SIDECAR_LOG_FORMAT", "json");
    assertThat(webhook.getPorts().getFirst().getContainerPort()).isEqualTo(9443);
  }

  @Test
  void webhookDeployment_shutdownGrace_fiveSecondsByDefault_andAsSet() {
    assertThat(env(webhookContainer(HelmChart.render(values()))))
        .containsEntry("SIDECAR_WEBHOOK_SHUTDOWN_GRACE", "5s");
    assertThat(env(webhookContainer(HelmChart.render(values("webhook.shutdownGrace", "12s")))))
        .containsEntry("SIDECAR_WEBHOOK_SHUTDOWN_GRACE", "12s");
  }

  @Test
  void webhookDeployment_jvmOptionsAreTheInjectedSidecars() {
    assertThat(env(webhookContainer(HelmChart.render(values()))))
        .containsEntry("JAVA_TOOL_OPTIONS", String.join(" ", JvmOptions.LIST))
        .containsEntry("MALLOC_ARENA_MAX", JvmOptions.MALLOC_ARENAS);
  }

  @Test
  void failurePolicy_failByDefault_ignoreWhenAsked() {
    assertThat(HelmChart.render(values()).one(MutatingWebhookConfiguration.class).getWebhooks())
        .extracting(MutatingWebhook::getFailurePolicy).containsOnly("Fail");
    assertThat(HelmChart.render(values("webhook.failurePolicy", "Ignore")).one(MutatingWebhookConfiguration.class)
        .getWebhooks()).extracting(MutatingWebhook::getFailurePolicy).containsOnly("Ignore");
  }

  @Test
  void podDisruptionBudget_keepsOneWebhookThroughADrain() {
    Rendered rendered = HelmChart.render(values());
    PodDisruptionBudget budget = rendered.one(PodDisruptionBudget.class);

    assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(budget.getSpec().getSelector().getMatchLabels())
        .isEqualTo(rendered.one(Deployment.class).getSpec().getSelector().getMatchLabels());
    assertThat(HelmChart.render(values("webhook.podDisruptionBudget.enabled", false)).all("PodDisruptionBudget"))
        .isEmpty();
  }

  @Test
  void annotationEntry_sendsOnlyPodsThatAskAndAreNotInjectedYet() {
    MutatingWebhook hook = HelmChart.render(values()).one(MutatingWebhookConfiguration.class).getWebhooks()
        .getFirst();

    assertThat(hook.getMatchConditions()).extracting("expression").containsExactly(
        "has(object.metadata.annotations) && 'transit-sidecar.dev/inject' in object.metadata.annotations",
        "!has(object.metadata.annotations) || !('transit-sidecar.dev/status' in object.metadata.annotations)");
    assertThat(hook.getNamespaceSelector().getMatchExpressions()).singleElement().satisfies(e -> {
      assertThat(e.getKey()).isEqualTo("kubernetes.io/metadata.name");
      assertThat(e.getOperator()).isEqualTo("NotIn");
      assertThat(e.getValues()).containsExactlyInAnyOrderElementsOf(PodMutator.SYSTEM_NAMESPACES);
    });
  }

  @Test
  void injectionRules_anEntryPerRuleAndTheWebhookConfigurationTheWebhookAccepts() {
    Rendered rendered = HelmChart.render(values("injectionRules", List.of(k10Rule())));
    List<MutatingWebhook> hooks = rendered.one(MutatingWebhookConfiguration.class).getWebhooks();
    String rules = env(webhookContainer(rendered)).get("SIDECAR_WEBHOOK_INJECTION_RULES");

    assertThat(hooks).extracting(MutatingWebhook::getName)
        .containsExactly("inject.transit-sidecar.dev", "k10-crypto.rules.inject.transit-sidecar.dev");
    MutatingWebhook rule = hooks.get(1);
    assertThat(rule.getNamespaceSelector().getMatchLabels()).containsExactly(
        Map.entry("kubernetes.io/metadata.name", "kasten-io"));
    assertThat(rule.getObjectSelector().getMatchLabels()).containsExactly(Map.entry("component", "crypto"));
    assertThat(rule.getMatchConditions()).extracting("expression").containsExactly(
        "!has(object.metadata.annotations) || !('transit-sidecar.dev/inject' in object.metadata.annotations)",
        "!has(object.metadata.annotations) || !('transit-sidecar.dev/status' in object.metadata.annotations)");
    assertThat(dev.transitsidecar.config.EnvValues.problem("SIDECAR_WEBHOOK_INJECTION_RULES", rules)).isEmpty();
    assertThat(new io.vertx.core.json.JsonArray(rules).getJsonObject(0).getMap())
        .isEqualTo(new io.vertx.core.json.JsonObject(k10Rule()).getMap());
    assertThat(HelmChart.render(values()).one(Deployment.class).getSpec().getTemplate().getSpec().getContainers()
        .getFirst().getEnv()).extracting(EnvVar::getName).doesNotContain("SIDECAR_WEBHOOK_INJECTION_RULES");
  }

  @Test
  void dockerfileAndChart_agreeOnPortsAndUser() throws java.io.IOException {
    List<String> dockerfile = java.nio.file.Files.readAllLines(java.nio.file.Path.of("Dockerfile")).stream()
        .map(String::strip).toList();
    List<String> exposed = dockerfile.stream().filter(l -> l.startsWith("EXPOSE ")).flatMap(l -> Stream.of(
        l.substring("EXPOSE ".length()).trim().split("\\s+"))).toList();
    String user = dockerfile.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow()
        .substring("USER ".length()).trim();
    Deployment deployment = HelmChart.render(values()).one(Deployment.class);
    Container webhook = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();

    assertThat(exposed).contains(webhook.getPorts().getFirst().getContainerPort().toString(),
        Integer.toString(SidecarContainer.HEALTH_PORT), SidecarContainer.VAULT_ADDR.replaceAll(".*:", ""));
    assertThat(user).isEqualTo(webhook.getSecurityContext().getRunAsUser() + ":"
        + webhook.getSecurityContext().getRunAsGroup());
    assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser())
        .isEqualTo(webhook.getSecurityContext().getRunAsUser());
  }

  @Test
  void lint_strict_clean() {
    LintResult lint = HelmChart.lint();

    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  static void assertRestrictedAndProbed(Deployment deployment) {
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container webhook = pod.getContainers().getFirst();
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(pod.getTopologySpreadConstraints()).singleElement().satisfies(t -> {
      assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
      assertThat(t.getLabelSelector().getMatchLabels()).isEqualTo(deployment.getSpec().getSelector()
          .getMatchLabels());
    });
    assertThat(webhook.getArgs()).containsExactly("webhook");
    assertThat(webhook.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(webhook.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
    assertThat(webhook.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(webhook.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(webhook.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(webhook.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(webhook.getSecurityContext().getPrivileged()).isFalse();
    assertThat(webhook.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(webhook.getSecurityContext().getRunAsUser()).isEqualTo(SidecarContainer.USER_ID);
    assertThat(webhook.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(webhook.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(env(webhook)).containsEntry("SIDECAR_WEBHOOK_PORT",
        webhook.getPorts().getFirst().getContainerPort().toString());
  }

  private static void assertOnCreateOnlyNeverTheWebhookNorTheSystem(MutatingWebhook hook, Deployment deployment) {
    assertThat(hook.getRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getOperations()).containsExactly("CREATE");
      assertThat(rule.getResources()).containsExactly("pods");
    });
    assertThat(hook.getSideEffects()).isEqualTo("None");
    assertThat(hook.getTimeoutSeconds()).isBetween(1, 10);
    assertThat(hook.getAdmissionReviewVersions()).containsExactly("v1");
    assertThat(hook.getMatchConditions()).extracting("expression").contains(
        "!has(object.metadata.annotations) || !('transit-sidecar.dev/status' in object.metadata.annotations)");
    Map<String, String> ownLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(hook.getObjectSelector().getMatchExpressions()).anySatisfy(e -> {
      assertThat(e.getOperator()).isEqualTo("NotIn");
      assertThat(e.getValues()).contains(ownLabels.get(e.getKey()));
    });
    var namespaces = hook.getNamespaceSelector();
    boolean excludesSystem = namespaces.getMatchExpressions() != null && namespaces.getMatchExpressions().stream()
        .anyMatch(e -> e.getOperator().equals("NotIn") && e.getValues().containsAll(PodMutator.SYSTEM_NAMESPACES));
    boolean namesOne = namespaces.getMatchLabels() != null && namespaces.getMatchLabels().containsKey(
        "kubernetes.io/metadata.name") && !PodMutator.SYSTEM_NAMESPACES.contains(namespaces.getMatchLabels()
        .get("kubernetes.io/metadata.name"));
    assertThat(excludesSystem || namesOne).as(hook.getName() + " keeps kube-system and kube-public out").isTrue();
  }

  static Container webhookContainer(Rendered rendered) {
    return rendered.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().getFirst();
  }

  static Map<String, String> env(Container container) {
    return container.getEnv().stream().collect(java.util.stream.Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castValues(Object values) {
    return (Map<String, Object>) values;
  }
}
