package dev.transitsidecar.inject;

import dev.transitsidecar.config.AuthMethod;
import dev.transitsidecar.config.WebhookConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The injection itself: a pure function from (pod, namespace, webhook settings) to a JSON Patch or a denial, with
 * no I/O (docs/injection.md). A pod is left alone (an empty patch) when it does not ask for the sidecar, when it
 * already carries the status annotation (so the webhook's answer applied twice changes nothing), and in
 * {@code kube-system} and {@code kube-public}. An annotation value the sidecar would refuse denies the pod, with a
 * message naming the annotation.
 */
public final class PodMutator {
  static final Set<String> SYSTEM_NAMESPACES = Set.of("kube-system", "kube-public");
  private static final String SERVICE_ACCOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";

  /** What the webhook answers for one pod. */
  public sealed interface Result permits Allowed, Denied {}

  /** Admit the pod with this patch; an empty patch admits it unchanged. */
  public record Allowed(JsonArray patch) implements Result {}

  /** Refuse the pod; the message is shown to whoever created it. */
  public record Denied(String message) implements Result {}

  private PodMutator() {}

  /**
   * @param pod the Pod as the API server sent it ({@code request.object})
   * @param namespace the request's namespace (a pod being created may not carry one yet)
   */
  public static Result mutate(JsonObject pod, String namespace, WebhookConfig config) {
    try {
      Map<String, String> annotations = annotations(pod, namespace, config);
      if (SYSTEM_NAMESPACES.contains(namespace) || annotations.containsKey(Annotations.STATUS)
          || !AnnotationReader.wantsInjection(annotations)) {
        return new Allowed(new JsonArray());
      }
      InjectionSettings settings = AnnotationReader.read(annotations, config);
      return new Allowed(patch(pod, settings));
    } catch (InvalidAnnotation | RefusedPod e) {
      return new Denied(e.getMessage());
    } catch (ClassCastException | NullPointerException e) {
      // a pod that asks for the sidecar with a null or a wrong JSON type where an object, array or string belongs
      // (the API server never sends one; the fuzzing did, and it was a 500)
      return new Denied("the pod is malformed (a field is null or has the wrong JSON type)");
    }
  }

  private static JsonArray patch(JsonObject pod, InjectionSettings settings) {
    JsonObject spec = Optional.ofNullable(pod.getJsonObject("spec")).orElseThrow(() -> new RefusedPod("no spec"));
    List<JsonObject> containers = objects(spec.getJsonArray("containers"));
    refuseConflicts(spec, containers);
    Optional<JsonObject> serviceAccountMount = serviceAccountMount(containers);
    if (settings.authMethod() == AuthMethod.KUBERNETES && serviceAccountMount.isEmpty()) {
      throw new InvalidAnnotation(Annotations.AUTH_METHOD, "kubernetes needs the pod's service-account token, and "
          + "no container mounts it (is automountServiceAccountToken false?)");
    }
    JsonObject sidecar = SidecarContainer.container(settings, serviceAccountMount);
    JsonPatch patch = new JsonPatch();
    if (settings.nativeSidecar()) {
      patch.prepend(spec, "/spec", "initContainers", sidecar);
    } else {
      patch.append(spec, "/spec", "containers", List.of(sidecar));
    }
    patch.append(spec, "/spec", "volumes", SidecarContainer.volumes(settings));
    for (int index : appContainers(containers, settings)) {
      setVaultAddr(patch, containers.get(index), index);
    }
    return patch.put(pod.getJsonObject("metadata"), "/metadata", "annotations", Annotations.STATUS,
        Annotations.INJECTED).toJson();
  }

  private static void refuseConflicts(JsonObject spec, List<JsonObject> containers) {
    Stream.concat(containers.stream(), objects(spec.getJsonArray("initContainers")).stream())
        .filter(c -> SidecarContainer.NAME.equals(c.getString("name")))
        .findFirst()
        .ifPresent(c -> {
          throw new RefusedPod("the pod already has a container named " + SidecarContainer.NAME);
        });
    objects(spec.getJsonArray("volumes")).stream()
        .map(v -> v.getString("name"))
        .filter(SidecarContainer.volumeNames()::contains)
        .findFirst()
        .ifPresent(name -> {
          throw new RefusedPod("the pod already has a volume named " + name);
        });
  }

  /** The indexes of the containers that get {@code VAULT_ADDR}: those the annotation names, or all. */
  private static List<Integer> appContainers(List<JsonObject> containers, InjectionSettings settings) {
    List<String> names = containers.stream().map(c -> c.getString("name")).toList();
    List<String> chosen = settings.appContainers().orElse(names);
    for (String name : chosen) {
      if (!names.contains(name)) {
        throw new InvalidAnnotation(Annotations.CONTAINERS, "no container named " + InvalidAnnotation.quote(name)
            + " in the pod (it has " + String.join(", ", names) + ")");
      }
    }
    return IntStream.range(0, names.size()).filter(i -> chosen.contains(names.get(i))).boxed().toList();
  }

  /** Replaces every {@code VAULT_ADDR} the container sets (value or valueFrom), or adds one. */
  private static void setVaultAddr(JsonPatch patch, JsonObject container, int index) {
    JsonObject entry = new JsonObject().put("name", "VAULT_ADDR").put("value", SidecarContainer.VAULT_ADDR);
    String containerPath = JsonPatch.pointer("spec", "containers", index);
    List<JsonObject> env = objects(container.getJsonArray("env"));
    List<Integer> existing = IntStream.range(0, env.size())
        .filter(i -> "VAULT_ADDR".equals(env.get(i).getString("name"))).boxed().toList();
    if (existing.isEmpty()) {
      patch.append(container, containerPath, "env", List.of(entry));
    } else {
      existing.forEach(i -> patch.replace(containerPath + JsonPatch.pointer("env", i), entry));
    }
  }

  private static Optional<JsonObject> serviceAccountMount(List<JsonObject> containers) {
    return containers.stream()
        .flatMap(c -> objects(c.getJsonArray("volumeMounts")).stream())
        .filter(m -> SERVICE_ACCOUNT_PATH.equals(m.getString("mountPath")))
        .findFirst()
        .map(m -> new JsonObject().put("name", m.getString("name")).put("mountPath", SERVICE_ACCOUNT_PATH));
  }

  /**
   * The pod's annotations over those of the first injection rule that matches it ({@code webhook.injectionRules}):
   * a pod a rule names is read as if it carried the rule's annotations, and its own annotations win value by value
   * ({@code transit-sidecar.dev/inject: "false"} opts it out).
   */
  static Map<String, String> annotations(JsonObject pod, String namespace, WebhookConfig config) {
    Map<String, String> own = metadataMap(pod, "annotations");
    Map<String, String> labels = metadataMap(pod, "labels");
    Map<String, String> values = new HashMap<>();
    config.injectionRules().stream().filter(rule -> rule.matches(namespace, labels)).findFirst()
        .ifPresent(rule -> values.putAll(InjectionRules.asAnnotations(rule)));
    values.putAll(own);
    return values;
  }

  private static Map<String, String> metadataMap(JsonObject pod, String field) {
    JsonObject metadata = pod.getValue("metadata") instanceof JsonObject m ? m : new JsonObject();
    JsonObject map = metadata.getValue(field) instanceof JsonObject a ? a : new JsonObject();
    Map<String, String> values = new HashMap<>();
    map.forEach(e -> values.put(e.getKey(), (String) e.getValue()));
    return values;
  }

  private static List<JsonObject> objects(JsonArray array) {
    return array == null ? List.of() : IntStream.range(0, array.size()).mapToObj(array::getJsonObject).toList();
  }

  /** The pod cannot take the sidecar, whatever its annotations say. */
  private static final class RefusedPod extends RuntimeException {
    RefusedPod(String message) {
      super(message, null, false, false);
    }
  }
}
