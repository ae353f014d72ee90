package dev.transitsidecar.inject;

import dev.transitsidecar.testing.KnownFields;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/} parses as Kubernetes objects (fabric8's typed model, failing on fields it does not know), says
 * what the README says, and hangs together: names, labels, ports and the certificate's DNS names match.
 */
class DeployManifestsTest {
  private static final Path DEPLOY = Path.of("deploy");
  private static final ObjectMapper STRICT = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @Test
  void everyDocument_parsesAsItsKind() throws IOException {
    List<JsonNode> documents = documents();

    assertThat(documents).extracting(d -> d.get("kind").asText()).containsExactlyInAnyOrder("Namespace",
        "ServiceAccount", "Deployment", "Service", "MutatingWebhookConfiguration", "Issuer", "Certificate", "Issuer",
        "Certificate");
    for (JsonNode document : documents) {
      Object typed = switch (document.get("kind").asText()) {
        case "Namespace" -> typed(document, Namespace.class);
        case "ServiceAccount" -> typed(document, ServiceAccount.class);
        case "Deployment" -> typed(document, Deployment.class);
        case "Service" -> typed(document, Service.class);
        case "MutatingWebhookConfiguration" -> typed(document, MutatingWebhookConfiguration.class);
        default -> document;
      };
      assertThat(typed).isNotNull();
    }
  }

  @Test
  void deployment_twoReplicasProbesAndARestrictedSecurityContext() throws IOException {
    Deployment deployment = typed(one("Deployment"), Deployment.class);
    Container webhook = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(webhook.getArgs()).containsExactly("webhook");
    assertThat(webhook.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(webhook.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
    assertThat(webhook.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(webhook.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(webhook.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(webhook.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes()).anySatisfy(v ->
        assertThat(v.getSecret().getSecretName()).isEqualTo(certificate("transit-sidecar-webhook")
            .at("/spec/secretName").asText()));
    assertThat(webhook.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("JAVA_TOOL_OPTIONS");
      assertThat(e.getValue()).isEqualTo(String.join(" ", JvmOptions.LIST));
    }).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("MALLOC_ARENA_MAX");
      assertThat(e.getValue()).isEqualTo(JvmOptions.MALLOC_ARENAS);
    });
    assertThat(webhook.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("SIDECAR_WEBHOOK_PORT");
      assertThat(e.getValue()).isEqualTo(webhook.getPorts().getFirst().getContainerPort().toString());
    });
  }

  @Test
  void webhookConfiguration_podsOnCreateOnlyAnnotatedPodsAndNotItsOwn() throws IOException {
    MutatingWebhook hook = typed(one("MutatingWebhookConfiguration"), MutatingWebhookConfiguration.class)
        .getWebhooks().getFirst();
    Deployment deployment = typed(one("Deployment"), Deployment.class);
    Service service = typed(one("Service"), Service.class);

    assertThat(hook.getRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getOperations()).containsExactly("CREATE");
      assertThat(rule.getResources()).containsExactly("pods");
    });
    assertThat(hook.getSideEffects()).isEqualTo("None");
    assertThat(hook.getFailurePolicy()).isEqualTo("Fail");
    assertThat(hook.getTimeoutSeconds()).isBetween(1, 10);
    assertThat(hook.getAdmissionReviewVersions()).containsExactly("v1");
    assertThat(hook.getMatchConditions()).extracting("expression").anySatisfy(e ->
        assertThat((String) e).contains("'transit-sidecar.dev/inject' in object.metadata.annotations"));
    String ownName = deployment.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/name");
    assertThat(hook.getObjectSelector().getMatchExpressions()).singleElement().satisfies(e -> {
      assertThat(e.getOperator()).isEqualTo("NotIn");
      assertThat(e.getValues()).containsExactly(ownName);
    });
    assertThat(hook.getNamespaceSelector().getMatchExpressions().getFirst().getValues())
        .containsExactlyInAnyOrderElementsOf(PodMutator.SYSTEM_NAMESPACES);
    assertThat(hook.getClientConfig().getService().getName()).isEqualTo(service.getMetadata().getName());
    assertThat(hook.getClientConfig().getService().getPath()).isEqualTo("/mutate");
    assertThat(hook.getClientConfig().getService().getPort()).isEqualTo(service.getSpec().getPorts().getFirst()
        .getPort());
    assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/name", ownName);
  }

  @Test
  void certificate_namesTheServiceAndIsTheOneInjectedAsCa() throws IOException {
    JsonNode serving = certificate("transit-sidecar-webhook");
    Service service = typed(one("Service"), Service.class);
    String injectFrom = typed(one("MutatingWebhookConfiguration"), MutatingWebhookConfiguration.class).getMetadata()
        .getAnnotations().get("cert-manager.io/inject-ca-from");

    assertThat(serving.get("apiVersion").asText()).isEqualTo("cert-manager.io/v1");
    List<String> dnsNames = new ArrayList<>();
    serving.at("/spec/dnsNames").forEach(n -> dnsNames.add(n.asText()));
    assertThat(dnsNames).contains(service.getMetadata().getName() + "." + service.getMetadata().getNamespace()
        + ".svc");
    assertThat(injectFrom).isEqualTo(serving.at("/metadata/namespace").asText() + "/"
        + serving.at("/metadata/name").asText());
    String issuer = serving.at("/spec/issuerRef/name").asText();
    assertThat(documents()).anySatisfy(d -> {
      assertThat(d.get("kind").asText()).isEqualTo("Issuer");
      assertThat(d.at("/metadata/name").asText()).isEqualTo(issuer);
      assertThat(d.at("/spec/ca/secretName").asText()).isEqualTo(certificate("transit-sidecar-webhook-ca")
          .at("/spec/secretName").asText());
    });
  }

  @Test
  void examples_annotatedPodAndK10Annotations_areInjected() throws IOException {
    JsonNode pod = YAMLMapper.builder().build().readTree(DEPLOY.resolve("examples/annotated-pod.yaml").toFile());
    JsonNode values = YAMLMapper.builder().build().readTree(DEPLOY.resolve("examples/k10-values.yaml").toFile());
    typed(pod, Pod.class);
    @SuppressWarnings("unchecked")
    Map<String, String> k10 = STRICT.convertValue(values.at("/global/podAnnotations"), Map.class);
    JsonObject k10Pod = PodMutatorTest.kubernetesAuth();
    k10Pod.getJsonObject("metadata").put("annotations", new JsonObject(Map.<String, Object>copyOf(k10)));

    for (JsonObject candidate : List.of(new JsonObject(STRICT.writeValueAsString(pod)), k10Pod)) {
      PodMutator.Result result = PodMutator.mutate(candidate, "kasten-io", Pods.WEBHOOK);
      assertThat(result).isInstanceOfSatisfying(PodMutator.Allowed.class, a -> assertThat(a.patch()).isNotEmpty());
    }
  }

  private static JsonNode certificate(String name) throws IOException {
    return documents().stream().filter(d -> d.get("kind").asText().equals("Certificate")
        && d.at("/metadata/name").asText().equals(name)).findFirst().orElseThrow();
  }

  private static JsonNode one(String kind) throws IOException {
    return documents().stream().filter(d -> d.get("kind").asText().equals(kind)).findFirst().orElseThrow();
  }

  private static List<JsonNode> documents() throws IOException {
    List<JsonNode> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(DEPLOY)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        YAMLMapper yaml = YAMLMapper.builder().build();
        try (var parser = yaml.createParser(file.toFile())) {
          yaml.readValues(parser, JsonNode.class).forEachRemaining(d -> {
            if (d != null && !d.isEmpty()) {
              all.add(d);
            }
          });
        }
      }
    }
    return all;
  }

  /** The document in fabric8's model; a field the model does not know (a typo, a wrong level) fails the test. */
  private static <T> T typed(JsonNode document, Class<T> type) {
    T typed = STRICT.convertValue(document, type);
    KnownFields.assertAllKnown(typed, type.getSimpleName());
    return typed;
  }
}
