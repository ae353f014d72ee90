package dev.transitsidecar.cli;

import dev.transitsidecar.config.InvalidConfigException;
import dev.transitsidecar.config.RotationConfig;
import dev.transitsidecar.kube.KubeClient;
import dev.transitsidecar.kube.KubeException;
import dev.transitsidecar.rotate.KubeAccess;
import dev.transitsidecar.rotate.PodsSeenVersions;
import dev.transitsidecar.rotate.Rotation;
import dev.transitsidecar.rotate.SeenVersions;
import dev.transitsidecar.time.VertxScheduler;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What {@code rotate} needs of the Kubernetes API in a cluster (docs/rotation.md, "Rotating in a cluster"): the pods
 * to ask ({@code rotation.interlock.namespaces}, K10's namespace added in K10 mode) and K10's passkeys. Kept apart
 * from {@link RotateCommand} so that no class of the Kubernetes client is loaded unless a rotation uses it.
 */
final class ClusterRotation implements AutoCloseable {
  private final Vertx vertx;
  private final RotationConfig config;
  private final KubeClient client;
  private final boolean ownsClient;

  private ClusterRotation(Vertx vertx, RotationConfig config, KubeClient client, boolean ownsClient) {
    this.vertx = vertx;
    this.config = config;
    this.client = client;
    this.ownsClient = ownsClient;
  }

  /** Whether the configuration asks for pods or K10 through the Kubernetes API. */
  static boolean wanted(RotationConfig config) {
    return config.interlock().inCluster() || config.k10().enabled();
  }

  /**
   * The client of the keystore's Secret when there is one ({@code shared}, closed by its owner), else one as kubectl
   * would configure it ({@code KUBECONFIG}, else the pod's service account, else {@code ~/.kube/config};
   * {@code KUBECONFIG} is read from {@code env}, the command's environment). No Kubernetes configuration is an
   * {@link InvalidConfigException}, as for the Secret.
   */
  static ClusterRotation connect(Vertx vertx, RotationConfig config, Optional<KubeClient> shared,
      Map<String, String> env, Consumer<String> say) {
    KubeClient client;
    try {
      client = shared.orElseGet(() -> KubeClient.discover(vertx, env));
    } catch (KubeException e) {
      throw new InvalidConfigException(List.of("rotation.interlock.namespaces or rotation.k10: set, but the Kubernetes"
          + " API is not configured: " + e.getMessage()));
    }
    say.accept("kubernetes: " + client.describe());
    return new ClusterRotation(vertx, config, client, shared.isEmpty());
  }

  /** The namespaces whose pods are asked: the configured ones, K10's too in K10 mode (once; not beside "*"). */
  static List<String> namespaces(RotationConfig config) {
    List<String> namespaces = new ArrayList<>(config.interlock().namespaces());
    config.k10().namespace().filter(ns -> !namespaces.contains(ns) && !namespaces.contains("*"))
        .ifPresent(namespaces::add);
    return namespaces;
  }

  SeenVersions seenVersions() {
    return new PodsSeenVersions(vertx, KubeAccess.pods(client), namespaces(config), config.interlock().timeout());
  }

  /** The rotation in K10 mode when it is configured. */
  Rotation withK10(Rotation rotation) {
    return config.k10().enabled()
        ? rotation.withK10(KubeAccess.passkeys(client), config.k10(), Clock.systemUTC(), VertxScheduler.of(vertx))
        : rotation;
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }
}
