package dev.transitsidecar.inject;

import static dev.transitsidecar.testing.HelmChart.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import dev.transitsidecar.config.AuthMethod;
import dev.transitsidecar.config.ConfigLoader;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.testing.HelmChart;
import dev.transitsidecar.testing.HelmChart.Rendered;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The chart's rotation CronJob (off by default) and the least RBAC it needs: its own service account; get and update
 * on the one keystore Secret; list and get pods in each watched namespace (a ClusterRole only for {@code ["*"]});
 * in K10 mode create, get, list and delete on {@code passkeys.vault.kio.kasten.io} and nothing else cluster-wide.
 */
class ChartRotationTest {
  private static final String SA = "transit-sidecar-rotation";

  static Map<String, Object> rotationOn(Object... more) {
    Map<String, Object> values = values("rotation.enabled", true, "rotation.vault.role", "transit-sidecar-rotate",
        "rotation.keystoreSecret.name", "app-keystore", "rotation.keystoreSecret.namespace", "apps",
        "rotation.watchNamespaces", List.of("apps", "batch"));
    Map<String, Object> extra = values(more);
    extra.forEach((k, v) -> merge(values, k, v));
    return values;
  }

  @SuppressWarnings("unchecked")
  private static void merge(Map<String, Object> into, String key, Object value) {
    if (value instanceof Map<?, ?> map && into.get(key) instanceof Map<?, ?> existing) {
      Map<String, Object> nested = new LinkedHashMap<>((Map<String, Object>) existing);
      ((Map<String, Object>) map).forEach((k, v) -> merge(nested, k, v));
      into.put(key, nested);
    } else {
      into.put(key, value);
    }
  }

  @Test
  void defaults_noCronJobAndNoRbac() {
    assertThat(HelmChart.render(values()).kindsAndNames()).noneMatch(k -> k.startsWith("CronJob")
        || k.startsWith("Role") || k.startsWith("ClusterRole") || k.contains("rotation"));
  }

  @Test
  void cronJob_forbidsConcurrentRuns_runsRotateWithItsOwnIdentityAndTheWebhooksSecurityContext() {
    Rendered rendered = HelmChart.render(rotationOn("rotation.schedule", "30 2 * * 0", "rotation.backoffLimit", 2));
    CronJob cron = rendered.one(CronJob.class);
    PodSpec pod = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    Container rotate = pod.getContainers().getFirst();
    Deployment webhook = rendered.one(Deployment.class);
    PodSpec webhookPod = webhook.getSpec().getTemplate().getSpec();

    assertThat(cron.getSpec().getSchedule()).isEqualTo("30 2 * * 0");
    assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(cron.getSpec().getJobTemplate().getSpec().getBackoffLimit()).isEqualTo(2);
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getServiceAccountName()).isEqualTo(SA).isNotEqualTo(webhookPod.getServiceAccountName());
    assertThat(pod.getAutomountServiceAccountToken()).isTrue();
    assertThat(rendered.named(ServiceAccount.class, SA).getMetadata().getNamespace()).isEqualTo(HelmChart.NAMESPACE);
    assertThat(cron.getSpec().getJobTemplate().getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("transit-sidecar.dev/inject", "false");
    assertThat(rotate.getArgs()).containsExactly("rotate");
    assertThat(rotate.getSecurityContext()).isEqualTo(webhookPod.getContainers().getFirst().getSecurityContext());
    assertThat(pod.getSecurityContext()).isEqualTo(webhookPod.getSecurityContext());
    assertThat(rotate.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(rotate.getResources().getLimits()).containsKey("memory");
    assertThat(env(rotate)).containsEntry("SIDECAR_AUTH_METHOD", "kubernetes")
        .containsEntry("SIDECAR_AUTH_KUBERNETES_ROLE", "transit-sidecar-rotate")
        .containsEntry("SIDECAR_VAULT_ADDRESS", "https://vault.vault.svc:8200")
        .containsEntry("SIDECAR_TRANSIT_MOUNT", "transit")
        .containsEntry("SIDECAR_KEYSTORE_TRANSIT_KEY", "kasten")
        .containsEntry("SIDECAR_KEYSTORE_SECRET_NAME", "app-keystore")
        .containsEntry("SIDECAR_KEYSTORE_SECRET_NAMESPACE", "apps")
        .containsEntry("SIDECAR_KEYSTORE_SECRET_KEY", "keystore.json")
        .containsEntry("SIDECAR_ROTATION_INTERLOCK_NAMESPACES", "apps,batch")
        .doesNotContainKeys("SIDECAR_ROTATION_K10_NAMESPACE", "SIDECAR_AUTH_TOKEN_FILE");
  }

  @Test
  void cronJobEnvironment_isAConfigurationRotateAccepts_withTheValuesAsItsSettings() {
    Container rotate = HelmChart.render(rotationOn("rotation.k10.enabled", true, "rotation.minDecryptionVersion", "7"))
        .one(CronJob.class).getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().getFirst();
    Map<String, String> env = env(rotate);
    Vertx vertx = Vertx.vertx();
    try {
      SidecarConfig config = ConfigLoader.load(vertx, Optional.empty(), env).await();

      assertThat(config.auth().method()).isEqualTo(AuthMethod.KUBERNETES);
      assertThat(config.auth().kubernetes().role()).contains("transit-sidecar-rotate");
      assertThat(config.transit().mount()).isEqualTo("transit");
      assertThat(config.keystore().transitKey()).isEqualTo("kasten");
      assertThat(config.keystore().secret()).hasValueSatisfying(secret -> {
        assertThat(secret.name()).isEqualTo("app-keystore");
        assertThat(secret.namespace()).contains("apps");
      });
      assertThat(config.rotation().minDecryptionVersion()).hasValue(7);
      assertThat(config.rotation().interlock().namespaces()).as("rotate adds K10's namespace itself in K10 mode")
          .containsExactly("apps", "batch");
      assertThat(config.rotation().k10().namespace()).contains("kasten-io");
      assertThat(config.rotation().k10().passkeyPrefix()).isEqualTo("transit-sidecar-");
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void rbac_theOneSecretByName_podsInEachWatchedNamespace_noClusterRoleWithoutK10() {
    Rendered rendered = HelmChart.render(rotationOn());

    Role keystore = rendered.named(Role.class, SA + "-keystore");
    assertThat(keystore.getMetadata().getNamespace()).isEqualTo("apps");
    assertThat(keystore.getRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getResources()).containsExactly("secrets");
      assertThat(rule.getResourceNames()).containsExactly("app-keystore");
      assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "update");
    });
    List<Role> podRoles = rendered.all("Role").stream().map(d -> HelmChart.typed(d, Role.class))
        .filter(r -> r.getMetadata().getName().equals(SA + "-pods")).toList();
    assertThat(podRoles).extracting(r -> r.getMetadata().getNamespace()).containsExactlyInAnyOrder("apps", "batch");
    podRoles.forEach(role -> assertThat(role.getRules()).singleElement().satisfies(ChartRotationTest::podsReadOnly));
    List<RoleBinding> bindings = rendered.all("RoleBinding").stream().map(d -> HelmChart.typed(d, RoleBinding.class))
        .toList();
    assertThat(bindings).hasSize(3).allSatisfy(b -> {
      assertThat(b.getSubjects()).singleElement().satisfies(ChartRotationTest::isTheRotationAccount);
      assertThat(b.getRoleRef().getKind()).isEqualTo("Role");
    });
    assertThat(rendered.all("ClusterRole")).isEmpty();
    assertThat(rendered.all("ClusterRoleBinding")).isEmpty();
  }

  @Test
  void rbac_everyNamespace_aClusterRoleForPodsOnly() {
    Rendered rendered = HelmChart.render(rotationOn("rotation.watchNamespaces", List.of("*")));

    ClusterRole pods = rendered.named(ClusterRole.class, SA + "-pods");
    assertThat(pods.getRules()).singleElement().satisfies(ChartRotationTest::podsReadOnly);
    assertThat(rendered.named(ClusterRoleBinding.class, SA + "-pods").getSubjects()).singleElement()
        .satisfies(ChartRotationTest::isTheRotationAccount);
    assertThat(rendered.all("Role")).hasSize(1);
    assertThat(env(rendered.one(CronJob.class).getSpec().getJobTemplate().getSpec().getTemplate().getSpec()
        .getContainers().getFirst())).containsEntry("SIDECAR_ROTATION_INTERLOCK_NAMESPACES", "*");
  }

  @Test
  void k10Mode_aClusterRoleForPasskeysOnly_andK10sNamespaceWatched() {
    Rendered rendered = HelmChart.render(rotationOn("rotation.k10.enabled", true, "rotation.k10.waitTimeout", "5m"));

    ClusterRole passkeys = rendered.named(ClusterRole.class, SA + "-k10-passkeys");
    assertThat(passkeys.getRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getApiGroups()).containsExactly("vault.kio.kasten.io");
      assertThat(rule.getResources()).containsExactly("passkeys");
      assertThat(rule.getResourceNames()).isEmpty();
      assertThat(rule.getVerbs()).containsExactlyInAnyOrder("create", "get", "list", "delete");
    });
    assertThat(rendered.all("ClusterRole")).hasSize(1);
    assertThat(rendered.named(ClusterRoleBinding.class, SA + "-k10-passkeys").getSubjects()).singleElement()
        .satisfies(ChartRotationTest::isTheRotationAccount);
    assertThat(rendered.all("Role").stream().map(d -> HelmChart.typed(d, Role.class))
        .filter(r -> r.getMetadata().getName().equals(SA + "-pods")).map(r -> r.getMetadata().getNamespace()))
        .containsExactlyInAnyOrder("apps", "batch", "kasten-io");
    assertThat(env(rendered.one(CronJob.class).getSpec().getJobTemplate().getSpec().getTemplate().getSpec()
        .getContainers().getFirst()))
        .containsEntry("SIDECAR_ROTATION_K10_NAMESPACE", "kasten-io")
        .containsEntry("SIDECAR_ROTATION_K10_PASSKEY_PREFIX", "transit-sidecar-")
        .containsEntry("SIDECAR_ROTATION_K10_WAIT_TIMEOUT", "5m")
        .containsEntry("SIDECAR_ROTATION_INTERLOCK_NAMESPACES", "apps,batch");
  }

  @Test
  void k10ModeWatchingEveryNamespace_theJobIsGivenStarAlone_asRotateAcceptsIt() {
    Rendered rendered = HelmChart.render(rotationOn("rotation.k10.enabled", true,
        "rotation.watchNamespaces", List.of("*")));

    assertThat(env(rendered.one(CronJob.class).getSpec().getJobTemplate().getSpec().getTemplate().getSpec()
        .getContainers().getFirst())).containsEntry("SIDECAR_ROTATION_INTERLOCK_NAMESPACES", "*");
    assertThat(rendered.named(ClusterRole.class, SA + "-pods").getRules()).singleElement()
        .satisfies(ChartRotationTest::podsReadOnly);
  }

  @Test
  void enabledWithoutTheRotationRoleOrTheSecret_refusedNamingTheValue() {
    assertThatThrownBy(() -> HelmChart.render(values("rotation.enabled", true,
        "rotation.keystoreSecret.name", "app-keystore")))
        .hasMessageContaining("rotation.vault.role is required");
    assertThatThrownBy(() -> HelmChart.render(values("rotation.enabled", true, "rotation.vault.role", "r")))
        .hasMessageContaining("rotation.keystoreSecret.name is required");
    assertThatThrownBy(() -> HelmChart.render(rotationOn("rotation.watchNamespaces", List.of("Not_A_Namespace"))))
        .hasMessageContaining("watchNamespaces");
    assertThatThrownBy(() -> HelmChart.render(rotationOn("rotation.schedule", "every day")))
        .hasMessageContaining("schedule");
    assertThatThrownBy(() -> HelmChart.render(rotationOn("rotation.watchNamespaces", List.of("*", "apps"))))
        .hasMessageContaining("watchNamespaces");
    assertThatThrownBy(() -> HelmChart.render(rotationOn("rotation.watchNamespaces", List.of())))
        .hasMessageContaining("rotation.watchNamespaces is required when rotation.enabled is true");
  }

  @Test
  void lint_strict_clean_withAndWithoutK10Mode() {
    for (Map<String, Object> values : List.of(rotationOn(), rotationOn("rotation.k10.enabled", true),
        rotationOn("rotation.watchNamespaces", List.of("*")))) {
      LintResult lint = HelmChart.lint(values);
      assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
      assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }
  }

  private static void podsReadOnly(PolicyRule rule) {
    assertThat(rule.getApiGroups()).containsExactly("");
    assertThat(rule.getResources()).containsExactly("pods");
    assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list");
  }

  private static void isTheRotationAccount(Subject subject) {
    assertThat(subject.getKind()).isEqualTo("ServiceAccount");
    assertThat(subject.getName()).isEqualTo(SA);
    assertThat(subject.getNamespace()).isEqualTo(HelmChart.NAMESPACE);
  }

  static Map<String, String> env(Container container) {
    return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }
}
