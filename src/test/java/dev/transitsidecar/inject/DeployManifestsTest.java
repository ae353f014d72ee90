package dev.transitsidecar.inject;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.transitsidecar.testing.HelmChart;
import dev.transitsidecar.testing.HelmChart.Rendered;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/transit-sidecar.yaml} is the chart rendered with {@code deploy/values.yaml}, for those who apply plain
 * manifests: the test fails while the file differs from what the chart renders, and
 * {@code -Ddeploy.regenerate=true} rewrites it. The rendered objects say what {@code docs/injection.md} says, and the
 * examples are injected.
 */
class DeployManifestsTest {
  private static final Path DEPLOY = Path.of("deploy");
  private static final Path RENDERED = DEPLOY.resolve("transit-sidecar.yaml");
  private static final String HEADER = """
      # Rendered from charts/transit-sidecar with deploy/values.yaml: do not edit. The chart is the source; regenerate
      # with  mvn -B -q test -Dtest=DeployManifestsTest -Ddeploy.regenerate=true
      # Apply after deploy/namespace.yaml, with cert-manager (1.x) installed: kubectl apply -f deploy/transit-sidecar.yaml
      """;
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  @Test
  void renderedFile_isTheChartsOutputForTheDocumentedValues() throws IOException {
    String expected = HEADER + HelmChart.template(documentedValues());
    if (Boolean.getBoolean("deploy.regenerate")) {
      Files.writeString(RENDERED, expected);
    }

    assertThat(Files.readString(RENDERED))
        .as("deploy/transit-sidecar.yaml is stale: mvn -B -q test -Dtest=DeployManifestsTest -Ddeploy.regenerate=true")
        .isEqualTo(expected);
  }

  @Test
  void renderedFile_parsesStrictlyAndKeepsThePromisedProperties() throws IOException {
    Rendered rendered = new Rendered(HelmChart.parse(Files.readString(RENDERED)));

    assertThat(rendered.kindsAndNames()).contains("Deployment transit-sidecar-webhook",
        "MutatingWebhookConfiguration transit-sidecar-injector", "Certificate transit-sidecar-webhook");
    ChartTest.assertRestrictedAndProbed(rendered.one(Deployment.class));
    assertThat(rendered.one(MutatingWebhookConfiguration.class).getWebhooks()).singleElement().satisfies(hook -> {
      assertThat(hook.getFailurePolicy()).isEqualTo("Fail");
      assertThat(hook.getRules().getFirst().getOperations()).containsExactly("CREATE");
    });
    assertThat(ChartTest.env(ChartTest.webhookContainer(rendered)))
        .containsEntry("JAVA_TOOL_OPTIONS", String.join(" ", JvmOptions.LIST));
  }

  @Test
  void namespace_enforcesTheRestrictedPodSecurityStandard() throws IOException {
    Namespace namespace = HelmChart.typed(YAML.readTree(DEPLOY.resolve("namespace.yaml").toFile()), Namespace.class);

    assertThat(namespace.getMetadata().getName()).isEqualTo(HelmChart.NAMESPACE);
    assertThat(namespace.getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "restricted");
  }

  @Test
  void examples_annotatedPodAndK10Annotations_areInjected() throws IOException {
    JsonNode pod = YAML.readTree(DEPLOY.resolve("examples/annotated-pod.yaml").toFile());
    JsonNode values = YAML.readTree(DEPLOY.resolve("examples/k10-values.yaml").toFile());
    HelmChart.typed(pod, Pod.class);
    @SuppressWarnings("unchecked")
    Map<String, String> k10 = new ObjectMapper().convertValue(values.at("/global/podAnnotations"), Map.class);
    JsonObject k10Pod = PodMutatorTest.kubernetesAuth();
    k10Pod.getJsonObject("metadata").put("annotations", new JsonObject(Map.<String, Object>copyOf(k10)));

    for (JsonObject candidate : List.of(new JsonObject(new ObjectMapper().writeValueAsString(pod)), k10Pod)) {
      PodMutator.Result result = PodMutator.mutate(candidate, "kasten-io", Pods.WEBHOOK);
      assertThat(result).isInstanceOfSatisfying(PodMutator.Allowed.class, a -> assertThat(a.patch()).isNotEmpty());
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> documentedValues() throws IOException {
    return YAML.readValue(DEPLOY.resolve("values.yaml").toFile(), Map.class);
  }
}
