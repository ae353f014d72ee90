package dev.transitsidecar.inject;

import static dev.transitsidecar.inject.WebhookFixture.podCreation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.testing.Http;
import io.fabric8.kubernetes.api.model.Pod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /mutate} and the probes over real HTTPS: what Kubernetes sends, and what it must never get. */
class AdmissionHandlerTest {
  @TempDir
  Path dir;

  private WebhookFixture fixture;

  @BeforeEach
  void start() {
    fixture = new WebhookFixture(dir);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void mutate_podAskingForTheSidecar_answersTheSameReviewWithABase64JsonPatch() {
    JsonObject pod = Pods.withAnnotations(Pods.injectToken());

    Http.Answer answer = fixture.review(podCreation("7f3c-uid", "apps", pod));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.contentType()).startsWith("application/json");
    JsonObject review = answer.json();
    assertThat(review.getString("apiVersion")).isEqualTo("admission.k8s.io/v1");
    assertThat(review.getString("kind")).isEqualTo("AdmissionReview");
    JsonObject response = review.getJsonObject("response");
    assertThat(response.getString("uid")).isEqualTo("7f3c-uid");
    assertThat(response.getBoolean("allowed")).isTrue();
    assertThat(response.getString("patchType")).isEqualTo("JSONPatch");
    JsonArray patch = new JsonArray(new String(Base64.getDecoder().decode(response.getString("patch")),
        StandardCharsets.UTF_8));
    Pod patched = Pods.typed(Pods.apply(patch, pod));
    InjectedPodAssertions.assertSidecar(patched);
  }

  @Test
  void mutate_invalidAnnotation_allowedFalseWithTheMessage() {
    JsonObject pod = Pods.withAnnotations(Pods.plus(Pods.injectToken(), "transit-sidecar.dev/cache-ttl", "soon"));

    JsonObject response = fixture.review(podCreation("u1", "apps", pod)).json().getJsonObject("response");

    assertThat(response.getBoolean("allowed")).isFalse();
    assertThat(response.containsKey("patch")).isFalse();
    assertThat(response.getJsonObject("status").getString("message"))
        .startsWith("transit-sidecar.dev/cache-ttl: \"soon\" is not a duration");
  }

  @Test
  void mutate_notAPodCreation_allowedWithoutPatch() {
    JsonObject update = podCreation("u2", "apps", Pods.withAnnotations(Pods.injectToken()));
    update.getJsonObject("request").put("operation", "UPDATE");
    JsonObject binding = podCreation("u3", "apps", Pods.withAnnotations(Pods.injectToken()));
    binding.getJsonObject("request").put("subResource", "binding");

    for (JsonObject review : new JsonObject[] {update, binding}) {
      JsonObject response = fixture.review(review).json().getJsonObject("response");
      assertThat(response.getBoolean("allowed")).isTrue();
      assertThat(response.containsKey("patch")).isFalse();
    }
  }

  @Test
  void mutate_systemNamespaceFromTheRequest_allowedWithoutPatch() {
    JsonObject response = fixture.review(podCreation("u4", "kube-system", Pods.withAnnotations(Pods.injectToken())))
        .json().getJsonObject("response");

    assertThat(response.getBoolean("allowed")).isTrue();
    assertThat(response.containsKey("patch")).isFalse();
  }

  @Test
  void mutate_malformedReviews_400InVaultsErrorShape() {
    JsonObject beta = podCreation("u", "apps", Pods.withAnnotations(Map.of())).put("apiVersion",
        "admission.k8s.io/v1beta1");
    JsonObject noUid = podCreation("u", "apps", Pods.withAnnotations(Map.of()));
    noUid.getJsonObject("request").remove("uid");
    JsonObject noObject = podCreation("u", "apps", Pods.withAnnotations(Map.of()));
    noObject.getJsonObject("request").remove("object");
    JsonObject objectNotAnObject = podCreation("u", "apps", Pods.withAnnotations(Map.of()));
    objectNotAnObject.getJsonObject("request").put("object", "pod");

    for (String body : new String[] {"{not json", "[]", "", "{}", beta.encode(), noUid.encode(), noObject.encode(),
        objectNotAnObject.encode(), "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}"}) {
      Http.Answer answer = fixture.post("application/json", body);
      assertThat(answer.status()).as(body).isEqualTo(400);
      assertThat(answer.json().getJsonArray("errors")).as(body).hasSize(1);
    }
  }

  @Test
  void mutate_notJson_415() {
    Http.Answer answer = fixture.post("text/plain", podCreation("u", "apps", Pods.withAnnotations(Map.of())).encode());

    assertThat(answer.status()).isEqualTo(415);
    assertThat(answer.json().getJsonArray("errors")).containsExactly("an AdmissionReview is sent as application/json");
  }

  @Test
  void mutate_bodyOverTheLimit_413() {
    String huge = "{\"pad\":\"" + "x".repeat(AdmissionHandler.MAX_REVIEW_BYTES) + "\"}";

    assertThat(fixture.post("application/json; charset=utf-8", huge).status()).isEqualTo(413);
  }

  @Test
  void probesAndMetrics_serveOverHttps() {
    fixture.review(podCreation("u5", "apps", Pods.withAnnotations(Pods.injectToken())));

    assertThat(fixture.get("/healthz").status()).isEqualTo(200);
    assertThat(fixture.get("/readyz").json().getString("status")).isEqualTo("ready");
    assertThat(fixture.get("/metrics").body())
        .contains("transit_sidecar_webhook_admissions_total{outcome=\"injected\"} 1.0");
    assertThat(fixture.get("/other").status()).isEqualTo(404);
  }
}
