package dev.transitsidecar;

import dev.transitsidecar.config.ListenConfig;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.proxy.LoopbackApi;
import dev.transitsidecar.proxy.LoopbackVerticle;
import dev.transitsidecar.proxy.Readiness;
import dev.transitsidecar.vault.VaultHealthProbe;
import dev.transitsidecar.vault.VaultClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.List;

/**
 * The running sidecar: wires the Vault client, the readiness conditions and the loopback API, and deploys
 * them on a Vert.x instance. One instance per process ({@code run} and {@code dev}); tests start several.
 */
public final class Sidecar {
  private static final Duration HEALTH_PROBE_INTERVAL = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final String deploymentId;
  private final LoopbackVerticle api;
  private final VaultHealthProbe probe;

  private Sidecar(Vertx vertx, String deploymentId, LoopbackVerticle api, VaultHealthProbe probe) {
    this.vertx = vertx;
    this.deploymentId = deploymentId;
    this.api = api;
    this.probe = probe;
  }

  /**
   * Starts the sidecar. {@code listen.port} 0 binds a free port when no Unix socket is configured (tests read it
   * back from {@link #port()}); the config loader only accepts port 0 together with a socket.
   */
  public static Future<Sidecar> start(Vertx vertx, SidecarConfig config, PrometheusMeterRegistry registry) {
    VaultClient vault = VaultClient.create(vertx, config.vault());
    VaultHealthProbe probe = new VaultHealthProbe(vault).start(vertx, HEALTH_PROBE_INTERVAL);
    Readiness readiness = new Readiness(List.of(probe));
    LoopbackVerticle api = new LoopbackVerticle(serverOptions(config.listen()),
        v -> LoopbackApi.router(v, config.listen(), readiness, registry));
    return vertx.deployVerticle(api)
        .map(id -> new Sidecar(vertx, id, api, probe));
  }

  private static HttpServerOptions serverOptions(ListenConfig listen) {
    return new HttpServerOptions()
        .setHost(listen.address())
        .setPort(listen.port())
        .setIdleTimeout(120);
  }

  /** The TCP port of the loopback API. */
  public int port() {
    return api.actualPort();
  }

  public Future<Void> close() {
    probe.stop(vertx);
    return vertx.undeploy(deploymentId);
  }
}
