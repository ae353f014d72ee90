package dev.transitsidecar.inject;

import dev.transitsidecar.http.SidecarException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * One {@code admission.k8s.io/v1} AdmissionReview request, checked for what the webhook relies on, and the review
 * that answers it (same {@code apiVersion}, {@code kind} and {@code uid}). Anything malformed is a 400.
 *
 * @param request the review's {@code request}
 */
record AdmissionReview(String uid, JsonObject request) {
  static final String API_VERSION = "admission.k8s.io/v1";
  static final String KIND = "AdmissionReview";

  /** Throws a 400 {@link SidecarException} saying what is missing or wrong. */
  static AdmissionReview parse(JsonObject review) {
    if (!API_VERSION.equals(review.getValue("apiVersion")) || !KIND.equals(review.getValue("kind"))) {
      throw SidecarException.badRequest("expected an AdmissionReview of apiVersion " + API_VERSION);
    }
    JsonObject request = object(review, "request")
        .orElseThrow(() -> SidecarException.badRequest("the AdmissionReview has no request"));
    if (!(request.getValue("uid") instanceof String uid) || uid.isEmpty()) {
      throw SidecarException.badRequest("the AdmissionReview request has no uid");
    }
    AdmissionReview parsed = new AdmissionReview(uid, request);
    if (parsed.isPodCreation() && object(request, "object").isEmpty()) {
      throw SidecarException.badRequest("the AdmissionReview request has no object");
    }
    return parsed;
  }

  /** The creation of a Pod itself (not of a subresource such as a binding or an eviction). */
  boolean isPodCreation() {
    Optional<JsonObject> kind = object(request, "kind");
    return "CREATE".equals(request.getValue("operation"))
        && kind.map(k -> "Pod".equals(k.getValue("kind")) && "".equals(k.getValue("group", ""))).orElse(false)
        && request.getValue("subResource", "") instanceof String sub && sub.isEmpty();
  }

  JsonObject pod() {
    return request.getJsonObject("object");
  }

  /** The request's namespace, else the pod's own, else empty. */
  String namespace() {
    if (request.getValue("namespace") instanceof String ns && !ns.isEmpty()) {
      return ns;
    }
    return object(request, "object").flatMap(o -> object(o, "metadata"))
        .map(m -> m.getValue("namespace") instanceof String ns ? ns : "").orElse("");
  }

  /** The AdmissionReview answering this one with the mutator's result. */
  JsonObject answer(PodMutator.Result result) {
    JsonObject response = new JsonObject().put("uid", uid);
    switch (result) {
      case PodMutator.Allowed(JsonArray patch) when patch.isEmpty() -> response.put("allowed", true);
      case PodMutator.Allowed(JsonArray patch) -> response.put("allowed", true)
          .put("patchType", "JSONPatch")
          .put("patch", Base64.getEncoder().encodeToString(patch.encode().getBytes(StandardCharsets.UTF_8)));
      case PodMutator.Denied(String message) -> response.put("allowed", false)
          .put("status", new JsonObject().put("code", 400).put("message", message));
    }
    return new JsonObject().put("apiVersion", API_VERSION).put("kind", KIND).put("response", response);
  }

  private static Optional<JsonObject> object(JsonObject parent, String field) {
    return parent.getValue(field) instanceof JsonObject o ? Optional.of(o) : Optional.empty();
  }
}
