package dev.transitsidecar.inject;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The injected container and its volumes, as Kubernetes JSON. The sidecar's API listens on 127.0.0.1 only, where a
 * kubelet probe cannot reach it, so the probes use the sidecar's health listener ({@code listen.healthPort},
 * {@link #HEALTH_PORT}), which serves only {@code /healthz}, {@code /readyz} and {@code /metrics}.
 */
final class SidecarContainer {
  static final String NAME = "transit-sidecar";
  static final int HEALTH_PORT = 8299;
  static final String HEALTH_PORT_NAME = "ts-health";
  /** The sidecar's loopback API, which the app containers reach through {@code VAULT_ADDR}. */
  static final String VAULT_ADDR = "http://127.0.0.1:8200";
  /** The user and group the sidecar runs as (the image's {@code USER} too). */
  static final long USER_ID = 65532;

  static final String TOKEN_VOLUME = "transit-sidecar-token";
  static final String TOKEN_DIR = "/vault/secrets";
  static final String TOKEN_FILE = TOKEN_DIR + "/vault_token";
  static final String KEYSTORE_VOLUME = "transit-sidecar-keystore";
  static final String KEYSTORE_DIR = "/etc/transit-sidecar/keystore";
  static final String KEYSTORE_FILE = KEYSTORE_DIR + "/keystore.json";
  /** In-memory scratch space: the root file system is read-only, and the JVM and Netty's native library need one. */
  static final String TMP_VOLUME = "transit-sidecar-tmp";
  static final String TMP_DIR = "/tmp";

  private static final int READ_ONLY_FILE_MODE = 0444;

  private SidecarContainer() {}

  /**
   * The container. {@code serviceAccountMount}, copied from an app container, gives the sidecar the pod's
   * service-account token: the API server mounts it before webhooks run, so it would otherwise miss the sidecar.
   */
  static JsonObject container(InjectionSettings settings, Optional<JsonObject> serviceAccountMount) {
    JsonObject container = new JsonObject()
        .put("name", NAME)
        .put("image", settings.image())
        .put("args", new JsonArray().add("run"))
        .put("env", env(settings))
        .put("ports", new JsonArray().add(new JsonObject()
            .put("name", HEALTH_PORT_NAME).put("containerPort", HEALTH_PORT).put("protocol", "TCP")))
        .put("startupProbe", probe("/readyz", 1, 120))
        .put("livenessProbe", probe("/healthz", 10, 3))
        .put("resources", resources(settings.resources()))
        .put("securityContext", securityContext())
        .put("volumeMounts", new JsonArray(mounts(settings, serviceAccountMount)));
    if (settings.nativeSidecar()) {
      container.put("restartPolicy", "Always");
    }
    return container;
  }

  /** The volumes the container mounts (the service-account one already belongs to the pod). */
  static List<JsonObject> volumes(InjectionSettings settings) {
    List<JsonObject> volumes = new ArrayList<>();
    settings.tokenSecret().ifPresent(secret -> volumes.add(secretVolume(TOKEN_VOLUME, secret, "vault_token")));
    settings.keystoreSecret().ifPresent(secret -> volumes.add(secretVolume(KEYSTORE_VOLUME, secret, "keystore.json")));
    volumes.add(new JsonObject().put("name", TMP_VOLUME)
        .put("emptyDir", new JsonObject().put("medium", "Memory").put("sizeLimit", "16Mi")));
    return volumes;
  }

  /** Names of the volumes {@link #volumes} may add, which the pod must not use already. */
  static List<String> volumeNames() {
    return List.of(TOKEN_VOLUME, KEYSTORE_VOLUME, TMP_VOLUME);
  }

  private static JsonArray env(InjectionSettings settings) {
    JsonArray env = new JsonArray();
    settings.env().forEach((name, value) -> env.add(new JsonObject().put("name", name).put("value", value)));
    return env;
  }

  private static JsonObject probe(String path, int periodSeconds, int failureThreshold) {
    return new JsonObject()
        .put("httpGet", new JsonObject().put("path", path).put("port", HEALTH_PORT_NAME).put("scheme", "HTTP"))
        .put("periodSeconds", periodSeconds)
        .put("timeoutSeconds", 2)
        .put("failureThreshold", failureThreshold);
  }

  private static JsonObject resources(InjectionSettings.Resources r) {
    JsonObject limits = new JsonObject();
    r.cpuLimit().ifPresent(cpu -> limits.put("cpu", cpu));
    r.memoryLimit().ifPresent(memory -> limits.put("memory", memory));
    JsonObject resources = new JsonObject()
        .put("requests", new JsonObject().put("cpu", r.cpuRequest()).put("memory", r.memoryRequest()));
    return limits.isEmpty() ? resources : resources.put("limits", limits);
  }

  /** What the "restricted" Pod Security Standard asks, plus a fixed non-root user and a read-only root. */
  private static JsonObject securityContext() {
    return new JsonObject()
        .put("runAsNonRoot", true)
        .put("runAsUser", USER_ID)
        .put("runAsGroup", USER_ID)
        .put("readOnlyRootFilesystem", true)
        .put("allowPrivilegeEscalation", false)
        .put("privileged", false)
        .put("capabilities", new JsonObject().put("drop", new JsonArray().add("ALL")))
        .put("seccompProfile", new JsonObject().put("type", "RuntimeDefault"));
  }

  private static List<JsonObject> mounts(InjectionSettings settings, Optional<JsonObject> serviceAccountMount) {
    List<JsonObject> mounts = new ArrayList<>();
    settings.tokenSecret().ifPresent(s -> mounts.add(mount(TOKEN_VOLUME, TOKEN_DIR, true)));
    settings.keystoreSecret().ifPresent(s -> mounts.add(mount(KEYSTORE_VOLUME, KEYSTORE_DIR, true)));
    mounts.add(mount(TMP_VOLUME, TMP_DIR, false));
    serviceAccountMount.ifPresent(m -> mounts.add(m.copy().put("readOnly", true)));
    return mounts;
  }

  private static JsonObject mount(String volume, String path, boolean readOnly) {
    return new JsonObject().put("name", volume).put("mountPath", path).put("readOnly", readOnly);
  }

  private static JsonObject secretVolume(String name, String secret, String key) {
    return new JsonObject().put("name", name).put("secret", new JsonObject()
        .put("secretName", secret)
        .put("defaultMode", READ_ONLY_FILE_MODE)
        .put("items", new JsonArray().add(new JsonObject().put("key", key).put("path", key))));
  }
}
