package dev.transitsidecar.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.certmanager.api.model.v1.Issuer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Helm chart in {@code charts/transit-sidecar}, rendered and linted in-process with Helm's own library (helm-java):
 * no cluster, no network. {@link #render} takes values as a map (dotted paths allowed, see {@link #values}), runs
 * {@code helm template} (which checks them against {@code values.schema.json}) and parses every document strictly
 * into its typed model: a field the model does not know fails the render. Release {@value #RELEASE} in namespace
 * {@value #NAMESPACE}.
 */
public final class HelmChart {
  public static final Path CHART = Path.of("charts/transit-sidecar");
  public static final String RELEASE = "transit-sidecar";
  public static final String NAMESPACE = "transit-sidecar";
  /** The Kubernetes version rendered for (Helm's library defaults to 1.20, below the chart's kubeVersion). */
  public static final String KUBE_VERSION = "1.30.0";

  /** The kinds the chart renders, each with the model it must parse into. */
  private static final Map<String, Class<?>> MODELS = Map.ofEntries(
      Map.entry("ServiceAccount", ServiceAccount.class),
      Map.entry("Service", Service.class),
      Map.entry("Deployment", Deployment.class),
      Map.entry("ConfigMap", ConfigMap.class),
      Map.entry("PodDisruptionBudget", PodDisruptionBudget.class),
      Map.entry("MutatingWebhookConfiguration", MutatingWebhookConfiguration.class),
      Map.entry("Issuer", Issuer.class),
      Map.entry("Certificate", Certificate.class),
      Map.entry("ServiceMonitor", ServiceMonitor.class),
      Map.entry("PodMonitor", PodMonitor.class),
      Map.entry("PrometheusRule", PrometheusRule.class),
      Map.entry("CronJob", CronJob.class),
      Map.entry("Role", Role.class),
      Map.entry("RoleBinding", RoleBinding.class),
      Map.entry("ClusterRole", ClusterRole.class),
      Map.entry("ClusterRoleBinding", ClusterRoleBinding.class));

  private static final ObjectMapper STRICT = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private HelmChart() {}

  /** The chart's output for these values, parsed; throws {@link IllegalStateException} with Helm's message. */
  public static Rendered render(Map<String, Object> values) {
    return new Rendered(parse(template(values)));
  }

  /** {@code helm template} for these values, as Helm prints it. */
  public static String template(Map<String, Object> values) {
    return withValuesFile(values, file -> {
      TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE)
          .withKubeVersion(KUBE_VERSION);
      return (file == null ? template : template.withValuesFile(file)).call();
    });
  }

  /** {@code helm lint --strict} on the chart with its default values (helm-java's lint takes no values file). */
  public static LintResult lint() {
    return new Helm(CHART).lint().strict().call();
  }

  /**
   * {@code helm lint --strict} on a copy of the chart whose {@code values.yaml} is the chart's own with {@code values}
   * merged over it (helm-java's lint takes no values file), so a part that is off by default is linted too.
   */
  public static LintResult lint(Map<String, Object> values) {
    Path copy = null;
    try {
      copy = Files.createTempDirectory("chart-lint-");
      Path chart = copy.resolve(CHART.getFileName());
      try (var files = Files.walk(CHART)) {
        for (Path from : files.toList()) {
          Path to = chart.resolve(CHART.relativize(from).toString());
          if (Files.isDirectory(from)) {
            Files.createDirectories(to);
          } else {
            Files.copy(from, to);
          }
        }
      }
      JsonNode merged = YAML.readerForUpdating(YAML.readTree(chart.resolve("values.yaml").toFile()))
          .readValue(YAML.writeValueAsString(values));
      YAML.writeValue(chart.resolve("values.yaml").toFile(), merged);
      return new Helm(chart).lint().strict().call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTree(copy);
    }
  }

  private static void deleteTree(Path root) {
    if (root == null) {
      return;
    }
    try (var files = Files.walk(root)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // a temporary folder
    }
  }

  /**
   * Nested values from pairs of a dotted path and a value: {@code values("webhook.failurePolicy", "Ignore")} is
   * {@code {webhook: {failurePolicy: Ignore}}}.
   */
  public static Map<String, Object> values(Object... pathsAndValues) {
    Map<String, Object> root = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndValues.length; i += 2) {
      String[] path = ((String) pathsAndValues[i]).split("\\.");
      Map<String, Object> at = root;
      for (int j = 0; j < path.length - 1; j++) {
        @SuppressWarnings("unchecked")
        Map<String, Object> next = (Map<String, Object>) at.computeIfAbsent(path[j], k -> new LinkedHashMap<>());
        at = next;
      }
      at.put(path[path.length - 1], pathsAndValues[i + 1]);
    }
    return root;
  }

  /** The documents of a multi-document YAML text, each parsed into its model (see {@link #MODELS}). */
  public static List<JsonNode> parse(String yaml) {
    List<JsonNode> documents = new ArrayList<>();
    try (var parser = YAML.createParser(yaml)) {
      YAML.readValues(parser, JsonNode.class).forEachRemaining(d -> {
        if (d != null && !d.isEmpty()) {
          documents.add(d);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    documents.forEach(d -> typed(d, model(d)));
    return documents;
  }

  /** The document in its model; a field the model does not know (a typo, a wrong level) fails. */
  public static <T> T typed(JsonNode document, Class<T> type) {
    T typed = STRICT.convertValue(document, type);
    KnownFields.assertAllKnown(typed, document.at("/kind").asText() + " " + document.at("/metadata/name").asText());
    return typed;
  }

  private static Class<?> model(JsonNode document) {
    Class<?> model = MODELS.get(document.at("/kind").asText());
    if (model == null) {
      throw new IllegalStateException("the chart renders a " + document.at("/kind").asText()
          + " that HelmChart has no model for: add it to MODELS");
    }
    return model;
  }

  private interface WithFile<T> {
    T apply(Path valuesFile) throws Exception;
  }

  private static <T> T withValuesFile(Map<String, Object> values, WithFile<T> action) {
    Path file = null;
    try {
      if (!values.isEmpty()) {
        file = Files.createTempFile("chart-values-", ".yaml");
        YAML.writeValue(file.toFile(), values);
      }
      return action.apply(file);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temporary file
        }
      }
    }
  }

  /** The rendered documents. */
  public record Rendered(List<JsonNode> documents) {
    /** Kind and name of each document, in order: {@code "Deployment transit-sidecar-webhook"}. */
    public List<String> kindsAndNames() {
      return documents.stream().map(d -> d.at("/kind").asText() + " " + d.at("/metadata/name").asText()).toList();
    }

    public List<JsonNode> all(String kind) {
      return documents.stream().filter(d -> d.at("/kind").asText().equals(kind)).toList();
    }

    /** The one document of this kind, in its model. */
    public <T> T one(Class<T> type) {
      List<JsonNode> matching = all(type.getSimpleName());
      if (matching.size() != 1) {
        throw new AssertionError("expected one " + type.getSimpleName() + ", rendered " + kindsAndNames());
      }
      return typed(matching.getFirst(), type);
    }

    /** The document of this kind and name, in its model. */
    public <T> T named(Class<T> type, String name) {
      return all(type.getSimpleName()).stream().filter(d -> d.at("/metadata/name").asText().equals(name))
          .findFirst().map(d -> typed(d, type))
          .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in " + kindsAndNames()));
    }
  }
}
