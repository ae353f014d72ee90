package dev.transitsidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.Sidecar;
import dev.transitsidecar.SidecarRuntime;
import dev.transitsidecar.config.ConfigLoader;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.kube.KubeClient;
import dev.transitsidecar.kube.ResourceType;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.KubeApiMock;
import dev.transitsidecar.testing.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rotate} as the chart's CronJob runs it, configured by environment only ({@code KUBECONFIG} standing in for
 * the pod's service account): one line per step, and a last line and exit code the Job's status follows: 0 and
 * {@code done: ...}, 0 and {@code held back: ...} (not a failure), 1 and the error for a failure.
 */
class RotateInClusterTest {
  private static final ResourceType PODS = ResourceType.namespaced("", "v1", "pods");

  @TempDir
  Path dir;

  private RotationFixture fixture;
  private KubeApiMock api;
  private KubeClient kube;
  private Vertx sidecarVertx;

  @BeforeEach
  void start() {
    fixture = new RotationFixture(dir, DevVaultOptions.defaults().withPort(0));
    fixture.init();
    api = KubeApiMock.start(false);
    Path kubeconfig = api.writeKubeconfig(dir.resolve("kube"), "apps");
    kube = KubeClient.fromKubeconfig(fixture.vertx, kubeconfig, Optional.empty());
    fixture.env.put("KUBECONFIG", kubeconfig.toString());
    fixture.env.put("SIDECAR_ROTATION_INTERLOCK_NAMESPACES", "apps");
  }

  @AfterEach
  void stop() {
    if (sidecarVertx != null) {
      sidecarVertx.close().await();
    }
    kube.close();
    api.close();
    fixture.close();
  }

  /** A sidecar (with or without the keystore) listed as pod apps/{name} at 127.0.0.1 and its health port. */
  private void sidecarPod(String name, boolean withKeystore) {
    Map<String, String> env = new HashMap<>(fixture.env);
    int health = TestConfigs.deadVault().getPort();
    env.put("SIDECAR_LISTEN_HEALTH_PORT", Integer.toString(health));
    env.put("SIDECAR_LISTEN_PORT", Integer.toString(TestConfigs.deadVault().getPort()));
    env.remove("SIDECAR_ROTATION_INTERLOCK_NAMESPACES");
    if (!withKeystore) {
      env.remove("SIDECAR_KEYSTORE_FILE");
    }
    SidecarRuntime runtime = SidecarRuntime.create();
    sidecarVertx = runtime.vertx();
    SidecarConfig config = ConfigLoader.load(sidecarVertx, Optional.empty(), env).await();
    Sidecar.start(sidecarVertx, config, runtime.registry(), env, Clock.systemUTC()).await();
    Http.eventually(Duration.ofSeconds(20), () -> Http.send(Http.request("http://127.0.0.1:" + health, "/readyz")
        .GET().build()).status() == 200);
    JsonObject sidecar = new JsonObject().put("name", "transit-sidecar").put("env", new JsonArray())
        .put("ports", new JsonArray().add(new JsonObject().put("name", "ts-health").put("containerPort", health)));
    kube.create(PODS, "apps", new JsonObject().put("apiVersion", "v1").put("kind", "Pod")
        .put("metadata", new JsonObject().put("name", name).put("namespace", "apps")
            .put("annotations", new JsonObject().put("transit-sidecar.dev/status", "injected")))
        .put("spec", new JsonObject().put("containers", new JsonArray().add(new JsonObject().put("name", "app"))
            .add(sidecar)))
        .put("status", new JsonObject().put("phase", "Running").put("podIP", "127.0.0.1"))).await();
  }

  @Test
  void everyPodAllows_exit0_aLinePerStep_lastLineDone() {
    sidecarPod("web-1", false);

    CliRun r = fixture.run("rotate");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).anyMatch(l -> l.startsWith("kubernetes: "))
        .anyMatch(l -> l.startsWith("asked pod apps/web-1 (127.0.0.1:") && l.endsWith("none"))
        .contains("rotated transit/kasten: new version v2", "raised min_decryption_version of transit/kasten from 1 "
            + "to 2");
    assertThat(lines.getLast()).isEqualTo("done: transit/kasten at v2, min_decryption_version 2");
  }

  @Test
  void aPodsSidecarStillReadsTheOldKeystore_exit0_lastLineHeldBackNamingThePod() {
    sidecarPod("web-1", true);

    CliRun r = fixture.run("rotate");

    assertThat(r.code()).as("held back is not a failure of the Job").isZero();
    assertThat(r.out().lines().toList().getLast())
        .startsWith("held back: version 1 of transit/kasten is still in use (decrypted through pod apps/web-1");
    assertThat(fixture.key().getInteger("latest_version")).isEqualTo(2);
    assertThat(fixture.key().getInteger("min_decryption_version")).isEqualTo(1);
  }

  @Test
  void theApiServerCannotBeReached_exit1_oneErrorLine_nothingRotated() {
    api.close();

    CliRun r = fixture.run("rotate");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines().toList()).singleElement().asString()
        .startsWith("transit-sidecar: cannot list the pods of apps to ask their sidecars: ");
    assertThat(fixture.key().getInteger("latest_version")).isEqualTo(1);
  }
}
