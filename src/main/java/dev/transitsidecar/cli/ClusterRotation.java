package dev.transitsidecar.cli;

import dev.transitsidecar.config.RotationConfig;
import dev.transitsidecar.kube.KubeClient;
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

/**
 * What {@code rotate} needs of the Kubernetes API in a cluster (docs/rotation.md, "Rotating in a cluster"): the pods
 * to ask ({@code rotation.interlock.namespaces}, K10's namespace added in K10 mode) and K10's passkeys. Kept apart
 * from {@link RotateCommand} so that no class of the Kubernetes client is loaded unless a rotation uses it.
 */
final class ClusterRotation implements AutoCloseable {
  private final Vertx vertx;
  private final RotationConfig config;
  private final KubeClient client;

  private ClusterRotation(Vertx vertx, RotationConfig config, KubeClient client) {
    this.vertx = vertx;
    this.config = config;
    this.client = client;
  }

  /** Whether the configuration asks for pods or K10 through the Kubernetes API. */
  static boolean wanted(RotationConfig config) {
    return config.interlock().inCluster() || config.k10().enabled();
  }

  /**
   * A client as kubectl would configure it ({@code KUBECONFIG}, else the pod's service account, else
   * {@code ~/.kube/config}); {@code KUBECONFIG} is read from {@code env}, the command's environment.
   */
  static ClusterRotation connect(Vertx vertx, RotationConfig config, Map<String, String> env, Consumer say) {
    KubeClient client = KubeClient.discover(vertx, env);
    say.line("kubernetes: " + client.describe());
    return new ClusterRotation(vertx, config, client);
  }

  /** The namespaces whose pods are asked: the configured ones, K10's too in K10 mode. */
  List<String> namespaces() {
    List<String> namespaces = new ArrayList<>(config.interlock().namespaces());
    config.k10().namespace().filter(ns -> !namespaces.contains(ns) && !namespaces.contains("*"))
        .ifPresent(namespaces::add);
    return namespaces;
  }

  SeenVersions seenVersions() {
    return new PodsSeenVersions(vertx, KubeAccess.pods(client), namespaces(), config.interlock().timeout());
  }

  /** The rotation in K10 mode when it is configured. */
  Rotation withK10(Rotation rotation) {
    return config.k10().enabled()
        ? rotation.withK10(KubeAccess.passkeys(client), config.k10(), Clock.systemUTC(), VertxScheduler.of(vertx))
        : rotation;
  }

  @Override
  public void close() {
    client.close();
  }

  /** Where the command's lines go. */
  @FunctionalInterface
  interface Consumer {
    void line(String text);
  }
}
