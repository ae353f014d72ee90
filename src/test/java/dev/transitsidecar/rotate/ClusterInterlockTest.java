package dev.transitsidecar.rotate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transitsidecar.testing.TestConfigs;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interlock across pods, against fabric8's mock API server (CRUD mode) through the project's Kubernetes client
 * and real sidecars on loopback standing in for pod IPs: every pod carrying the sidecar for the key is asked on its
 * health port; {@code min_decryption_version} is raised only as far as every answer allows; a running pod that does
 * not answer holds the raise back, one that is not running does not; {@code --force} raises anyway and names them.
 */
class ClusterInterlockTest {
  private static final RotationOptions AUTO = new RotationOptions(false, false, OptionalInt.empty(), false);

  @TempDir
  Path dir;

  private ClusterFixture f;
  private ClusterFixture.RunningPod web1;
  private ClusterFixture.RunningPod web2;

  @BeforeEach
  void start() {
    f = new ClusterFixture(dir);
    web1 = f.sidecar();
    web2 = f.sidecar();
    f.pod("apps", "web-1", "Running", web1.healthPort());
    f.pod("apps", "web-2", "Running", web2.healthPort());
    f.pod("batch", "report-1", "Running", web2.healthPort());
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void everyPodAnswersWithoutTheOldVersion_raisedFully_eachPodNamed() {
    f.vault("/v1/transit/keys/kasten/rotate", new io.vertx.core.json.JsonObject());
    web2.decrypt(f.encrypt("aGk="));

    RotationResult result = f.rotation(f.pods(List.of("apps"))).run(AUTO).await();

    assertThat(result.heldBack()).isEmpty();
    assertThat(result.latestVersion()).as("the key rotated outside: finished, no new version").isEqualTo(2);
    assertThat(result.minDecryptionVersion()).isEqualTo(2);
    assertThat(f.lines).anyMatch(l -> l.startsWith("asked pod apps/web-1 (127.0.0.1:" + web1.healthPort()
        + "): versions of kasten decrypted recently: none"))
        .anyMatch(l -> l.startsWith("asked pod apps/web-2 (127.0.0.1:" + web2.healthPort()
            + "): versions of kasten decrypted recently: [2]"))
        .noneMatch(l -> l.contains("report-1"));
  }

  @Test
  void onePodStillDecryptsTheOldVersion_holdsTheRaiseBack_andIsNamed() {
    web2.decrypt(f.encrypt("aGk="));

    RotationResult result = f.rotation(f.pods(List.of("apps", "batch"))).run(AUTO).await();

    assertThat(result.latestVersion()).isEqualTo(2);
    assertThat(result.minDecryptionVersion()).isEqualTo(1);
    assertThat(result.heldBack()).get().asString()
        .startsWith("version 1 of transit/kasten is still in use (decrypted through pod apps/web-2 (127.0.0.1:"
            + web2.healthPort() + ")")
        .contains("pod batch/report-1").doesNotContain("web-1");
    assertThat(f.key().getInteger("min_decryption_version")).isEqualTo(1);
    assertThat(f.keystore.read().keyId()).isEqualTo(f.keyId);
  }

  @Test
  void aRunningPodThatDoesNotAnswer_holdsTheRaiseBack_aPodNotRunningDoesNot() {
    int nobody = TestConfigs.deadVault().getPort();
    f.pod("apps", "worker-0", "Running", nobody);
    f.pod("apps", "web-3", "Pending", nobody);

    RotationResult result = f.rotation(f.pods(List.of("apps"))).run(AUTO).await();

    assertThat(result.minDecryptionVersion()).isEqualTo(1);
    assertThat(result.heldBack()).get().asString()
        .contains("pod apps/worker-0 (127.0.0.1:" + nobody + ") did not answer, its versions are unknown")
        .doesNotContain("web-3");
    assertThat(f.lines).contains("pod apps/web-3 is not running (Pending): not asked")
        .anyMatch(l -> l.startsWith("pod apps/worker-0 (127.0.0.1:" + nobody + ") did not answer (")
            && l.endsWith("): it holds the raise back"));

    f.api.update("/api/v1/namespaces/apps/pods/worker-0", f.kube.get(ClusterFixture.PODS, "apps", "worker-0")
        .await().put("status", new io.vertx.core.json.JsonObject().put("phase", "Succeeded")).encode());
    RotationResult after = f.rotation(f.pods(List.of("apps"))).run(AUTO).await();

    assertThat(after.heldBack()).isEmpty();
    assertThat(after.latestVersion()).as("only the raise was left: no second new version").isEqualTo(2);
    assertThat(after.minDecryptionVersion()).isEqualTo(2);
  }

  @Test
  void force_raisesPastEveryPod_withAWarningNamingThem() {
    web2.decrypt(f.encrypt("aGk="));
    int nobody = TestConfigs.deadVault().getPort();
    f.pod("apps", "worker-0", "Running", nobody);

    RotationResult result = f.rotation(f.pods(List.of("*")))
        .run(new RotationOptions(false, true, OptionalInt.empty(), false)).await();

    assertThat(result.minDecryptionVersion()).isEqualTo(2);
    assertThat(f.lines).anyMatch(l -> l.startsWith("WARNING: --force: raising min_decryption_version to 2 locks out "
        + "version 1") && l.contains("pod apps/web-2") && l.contains("pod batch/report-1")
        && l.contains("pod apps/worker-0"));
  }

  @Test
  void noPodCarriesTheSidecar_saidAndGoesOn_orFailsWithRequireSidecar() {
    RotationResult result = f.rotation(f.pods(List.of("other"))).run(AUTO).await();
    assertThat(result.minDecryptionVersion()).isEqualTo(2);
    assertThat(f.lines).contains("found none of the pods carrying the sidecar for transit/kasten in namespaces "
        + "other; going on with the keystore's versions only");

    assertThatThrownBy(() -> f.rotation(f.pods(List.of("other")))
        .run(new RotationOptions(false, false, OptionalInt.empty(), true)).await())
        .isInstanceOf(RotationException.class).hasMessageContaining("found none of the pods");
  }

  @Test
  void podsCannotBeListed_failsBeforeAnythingChanges() {
    PodSource refused = namespace -> io.vertx.core.Future.failedFuture(new IllegalStateException("forbidden"));

    assertThatThrownBy(() -> f.rotation(new PodsSeenVersions(f.vertx, refused, List.of("apps"),
        java.time.Duration.ofSeconds(1))).run(AUTO).await())
        .satisfiesAnyOf(e -> assertThat(e).isInstanceOf(RotationException.class),
            e -> assertThat(e).isInstanceOf(CompletionException.class))
        .hasMessageContaining("cannot list the pods of apps");
    assertThat(f.key().getInteger("latest_version")).isEqualTo(1);
  }
}
