package dev.transitsidecar.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flipkart.zjsonpatch.JsonPatch;
import dev.transitsidecar.config.WebhookConfig;
import dev.transitsidecar.testing.KnownFields;
import io.fabric8.kubernetes.api.model.Pod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Pods for the mutator's tests, as the API server sends them (JSON), and the way back: a patch applied with an
 * independent JSON Patch library (zjsonpatch), the result read into fabric8's typed Pod model.
 */
final class Pods {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final WebhookConfig WEBHOOK = new WebhookConfig(0, Path.of("/etc/webhook/tls.crt"),
      Path.of("/etc/webhook/tls.key"), "registry.example/transit-sidecar:1.0",
      URI.create("https://vault.vault.svc:8200"), false);

  private Pods() {}

  /** A pod named {@code app} with one container {@code app} and these annotations. */
  static JsonObject withAnnotations(Map<String, String> annotations) {
    return pod(annotations, new JsonArray().add(container("app")));
  }

  static JsonObject pod(Map<String, String> annotations, JsonArray containers) {
    return new JsonObject()
        .put("apiVersion", "v1")
        .put("kind", "Pod")
        .put("metadata", new JsonObject().put("name", "app").put("namespace", "apps")
            .put("annotations", new JsonObject(new java.util.HashMap<String, Object>(annotations))))
        .put("spec", new JsonObject().put("containers", containers));
  }

  static JsonObject container(String name) {
    return new JsonObject().put("name", name).put("image", "example/" + name + ":1");
  }

  static JsonObject env(String name, String value) {
    return new JsonObject().put("name", name).put("value", value);
  }

  /** The token method's minimum: inject, and the Secret with the Vault token. */
  static Map<String, String> injectToken() {
    return Map.of("transit-sidecar.dev/inject", "true", "transit-sidecar.dev/token-secret", "vault-token");
  }

  static Map<String, String> plus(Map<String, String> base, String... more) {
    Map<String, String> all = new java.util.HashMap<>(base);
    for (int i = 0; i < more.length; i += 2) {
      all.put(more[i], more[i + 1]);
    }
    return all;
  }

  /** The patch applied to the pod by zjsonpatch, as JSON. */
  static JsonObject apply(JsonArray patch, JsonObject pod) {
    try {
      JsonNode result = JsonPatch.apply(MAPPER.readTree(patch.encode()), MAPPER.readTree(pod.encode()));
      return new JsonObject(MAPPER.writeValueAsString(result));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The JSON pod read into fabric8's typed model; a field the model does not know fails the test. */
  static Pod typed(JsonObject pod) {
    try {
      Pod typed = MAPPER.readValue(pod.encode(), Pod.class);
      KnownFields.assertAllKnown(typed, "Pod");
      return typed;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
