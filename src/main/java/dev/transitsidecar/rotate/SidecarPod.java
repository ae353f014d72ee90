package dev.transitsidecar.rotate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * A pod that carries the sidecar for a Transit key, read from the pod as the API server lists it: the webhook's
 * status annotation ({@code transit-sidecar.dev/status: injected}) and the injected container
 * ({@code transit-sidecar}, among the containers or, as a native sidecar, the init containers), whose
 * {@code SIDECAR_TRANSIT_MOUNT}, {@code SIDECAR_TRANSIT_KEYS} and {@code SIDECAR_KEYSTORE_TRANSIT_KEY} (or the
 * sidecar's defaults, {@code transit} and {@code kasten}) say which mount and keys it serves, and whose port
 * {@code ts-health} is where it answers {@code GET /seen-versions}.
 *
 * @param phase {@code status.phase}: only a {@code Running} pod is asked
 * @param ip {@code status.podIP}, empty before the pod has one
 * @param healthPort the container port {@code ts-health}, else {@code SIDECAR_LISTEN_HEALTH_PORT}
 */
record SidecarPod(String namespace, String name, String phase, Optional<String> ip, OptionalInt healthPort) {
  static final String STATUS_ANNOTATION = "transit-sidecar.dev/status";
  static final String CONTAINER = "transit-sidecar";
  static final String HEALTH_PORT_NAME = "ts-health";
  private static final String DEFAULT_MOUNT = "transit";
  private static final String DEFAULT_KEY = "kasten";

  /** The pod, if the webhook injected it with a sidecar for {@code mount}/{@code key}. */
  static Optional<SidecarPod> carrying(JsonObject pod, String mount, String key) {
    JsonObject metadata = pod.getJsonObject("metadata", new JsonObject());
    JsonObject annotations = metadata.getJsonObject("annotations", new JsonObject());
    if (!"injected".equals(annotations.getValue(STATUS_ANNOTATION))) {
      return Optional.empty();
    }
    JsonObject spec = pod.getJsonObject("spec", new JsonObject());
    Optional<JsonObject> sidecar = Stream.of("initContainers", "containers")
        .flatMap(field -> objects(spec.getJsonArray(field)))
        .filter(c -> CONTAINER.equals(c.getString("name")))
        .findFirst();
    if (sidecar.isEmpty() || !serves(sidecar.get(), mount, key)) {
      return Optional.empty();
    }
    JsonObject status = pod.getJsonObject("status", new JsonObject());
    return Optional.of(new SidecarPod(metadata.getString("namespace", ""), metadata.getString("name", ""),
        status.getString("phase", "Unknown"), Optional.ofNullable(status.getString("podIP")).filter(ip -> !ip.isEmpty()),
        healthPort(sidecar.get())));
  }

  /** {@code namespace/name}. */
  String id() {
    return namespace + "/" + name;
  }

  boolean running() {
    return phase.equals("Running");
  }

  private static boolean serves(JsonObject container, String mount, String key) {
    String servedMount = env(container, "SIDECAR_TRANSIT_MOUNT").orElse(DEFAULT_MOUNT);
    List<String> keys = env(container, "SIDECAR_TRANSIT_KEYS")
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).toList())
        .orElse(List.of(DEFAULT_KEY));
    Optional<String> keystoreKey = env(container, "SIDECAR_KEYSTORE_TRANSIT_KEY");
    return servedMount.equals(mount) && (keys.contains(key) || keystoreKey.filter(key::equals).isPresent());
  }

  private static OptionalInt healthPort(JsonObject container) {
    Optional<Integer> named = objects(container.getJsonArray("ports"))
        .filter(p -> HEALTH_PORT_NAME.equals(p.getString("name")))
        .map(p -> p.getInteger("containerPort"))
        .findFirst();
    if (named.isPresent()) {
      return OptionalInt.of(named.get());
    }
    try {
      return env(container, "SIDECAR_LISTEN_HEALTH_PORT").map(Integer::parseInt).filter(p -> p > 0)
          .map(OptionalInt::of).orElse(OptionalInt.empty());
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  private static Optional<String> env(JsonObject container, String name) {
    return objects(container.getJsonArray("env"))
        .filter(e -> name.equals(e.getString("name")))
        .map(e -> e.getString("value"))
        .filter(v -> v != null && !v.isBlank())
        .findFirst();
  }

  private static Stream<JsonObject> objects(JsonArray array) {
    return array == null ? Stream.empty() : array.stream()
        .flatMap(o -> o instanceof JsonObject j ? Stream.of(j) : Stream.empty());
  }
}
