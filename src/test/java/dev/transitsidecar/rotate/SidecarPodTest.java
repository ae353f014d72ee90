package dev.transitsidecar.rotate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Which listed pods carry the sidecar for a key, and where their health port is, as the webhook injects them. */
class SidecarPodTest {
  @Test
  void injectedPod_withTheKeyInItsEnvironment_carriesIt() {
    JsonObject pod = pod("apps", "web-1", "injected", "containers", env("SIDECAR_TRANSIT_KEYS", "orders, kasten"));

    assertThat(SidecarPod.carrying(pod, "transit", "kasten")).contains(new SidecarPod("apps", "web-1", "Running",
        Optional.of("10.0.0.7"), OptionalInt.of(8299)));
    assertThat(SidecarPod.carrying(pod, "transit", "orders")).isPresent();
    assertThat(SidecarPod.carrying(pod, "transit", "other")).isEmpty();
    assertThat(SidecarPod.carrying(pod, "transit-eu", "kasten")).isEmpty();
  }

  @Test
  void withoutKeyOrMountInTheEnvironment_theSidecarsDefaultsCount() {
    JsonObject pod = pod("apps", "web-1", "injected", "containers", new JsonArray());

    assertThat(SidecarPod.carrying(pod, "transit", "kasten")).isPresent();
    assertThat(SidecarPod.carrying(pod, "transit", "orders")).isEmpty();
  }

  @Test
  void keystoreKey_countsToo_andANativeSidecarIsFoundAmongTheInitContainers() {
    JsonObject pod = pod("apps", "job-1", "injected", "initContainers", env("SIDECAR_TRANSIT_MOUNT", "kv-transit")
        .add(new JsonObject().put("name", "SIDECAR_TRANSIT_KEYS").put("value", "data"))
        .add(new JsonObject().put("name", "SIDECAR_KEYSTORE_TRANSIT_KEY").put("value", "master")));

    assertThat(SidecarPod.carrying(pod, "kv-transit", "master")).isPresent();
    assertThat(SidecarPod.carrying(pod, "kv-transit", "data")).isPresent();
    assertThat(SidecarPod.carrying(pod, "transit", "master")).isEmpty();
  }

  @Test
  void notInjectedByTheWebhook_orNoSidecarContainer_notCarrying() {
    assertThat(SidecarPod.carrying(pod("apps", "a", null, "containers", new JsonArray()), "transit", "kasten"))
        .isEmpty();
    JsonObject renamed = pod("apps", "b", "injected", "containers", new JsonArray());
    renamed.getJsonObject("spec").getJsonArray("containers").getJsonObject(1).put("name", "other");
    assertThat(SidecarPod.carrying(renamed, "transit", "kasten")).isEmpty();
  }

  @Test
  void pendingPodWithoutIp_readAsNotRunningWithoutAddress() {
    JsonObject pod = pod("apps", "web-2", "injected", "containers", new JsonArray());
    pod.put("status", new JsonObject().put("phase", "Pending"));

    SidecarPod read = SidecarPod.carrying(pod, "transit", "kasten").orElseThrow();
    assertThat(read.running()).isFalse();
    assertThat(read.ip()).isEmpty();
    assertThat(read.id()).isEqualTo("apps/web-2");
  }

  private static JsonArray env(String name, String value) {
    return new JsonArray().add(new JsonObject().put("name", name).put("value", value));
  }

  static JsonObject pod(String namespace, String name, String status, String field, JsonArray env) {
    JsonObject metadata = new JsonObject().put("namespace", namespace).put("name", name);
    if (status != null) {
      metadata.put("annotations", new JsonObject().put("transit-sidecar.dev/status", status));
    }
    JsonObject sidecar = new JsonObject().put("name", "transit-sidecar").put("env", env)
        .put("ports", new JsonArray().add(new JsonObject().put("name", "ts-health").put("containerPort", 8299)));
    JsonObject app = new JsonObject().put("name", "app");
    JsonObject spec = field.equals("containers")
        ? new JsonObject().put("containers", new JsonArray().add(app).add(sidecar))
        : new JsonObject().put("containers", new JsonArray().add(app)).put(field, new JsonArray().add(sidecar));
    return new JsonObject().put("metadata", metadata).put("spec", spec)
        .put("status", new JsonObject().put("phase", "Running").put("podIP", "10.0.0.7"));
  }
}
