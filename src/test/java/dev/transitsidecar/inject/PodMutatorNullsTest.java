package dev.transitsidecar.inject;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Explicit JSON nulls in a pod (found by the webhook fuzzing: {@code "metadata": null} was a 500): a pod
 * that does not ask for the sidecar is admitted unchanged, one that asks for it is denied with a message.
 */
class PodMutatorNullsTest {
  @Test
  void nullMetadataOrAnnotations_admitsThePodUnchanged() {
    JsonObject nullMetadata = Pods.withAnnotations(Pods.injectToken()).put("metadata", (Object) null);
    JsonObject nullAnnotations = Pods.withAnnotations(Pods.injectToken());
    nullAnnotations.getJsonObject("metadata").put("annotations", (Object) null);

    for (JsonObject pod : new JsonObject[] {nullMetadata, nullAnnotations}) {
      assertThat(PodMutator.mutate(pod, "apps", Pods.WEBHOOK)).isEqualTo(new PodMutator.Allowed(new JsonArray()));
    }
  }

  @Test
  void nullInsideAPodThatAsksForTheSidecar_isDeniedWithAMessage() {
    JsonObject nullContainer = Pods.withAnnotations(Pods.injectToken());
    nullContainer.getJsonObject("spec").getJsonArray("containers").addNull();
    JsonObject nullEnv = Pods.withAnnotations(Pods.injectToken());
    nullEnv.getJsonObject("spec").getJsonArray("containers").getJsonObject(0).put("env",
        new JsonArray().addNull());

    for (JsonObject pod : new JsonObject[] {nullContainer, nullEnv}) {
      assertThat(PodMutator.mutate(pod, "apps", Pods.WEBHOOK)).isInstanceOf(PodMutator.Denied.class)
          .extracting(r -> ((PodMutator.Denied) r).message()).asString().contains("malformed");
    }
  }
}
