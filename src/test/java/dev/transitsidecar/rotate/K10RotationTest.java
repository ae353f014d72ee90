package dev.transitsidecar.rotate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transitsidecar.config.RotationConfig;
import dev.transitsidecar.time.VertxScheduler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * K10 mode against the mock API server with K10's Passkey resource and a stand-in for K10 ({@link K10Double}) that
 * re-wraps its primary key through the sidecar in its pod: the new Vault passkey is created and in use before the
 * older Vault passkeys on the key are deleted (never a passphrase passkey, never one on another key), and only then
 * may the interlock raise {@code min_decryption_version}, still only as far as every sidecar, K10's included, allows.
 * The failure paths: K10 never marks it, K10 marks it but still decrypts the old version, K10 answers a status that
 * is not the documented one, the delete refused.
 */
class K10RotationTest {
  private static final RotationOptions AUTO = new RotationOptions(false, false, OptionalInt.empty(), false);
  private static final String NEW = "transit-sidecar-kasten-v2";

  @TempDir
  Path dir;

  private ClusterFixture f;
  private ClusterFixture.RunningPod k10Pod;
  private K10Double k10;
  private String v1;

  @BeforeEach
  void start() {
    f = new ClusterFixture(dir);
    k10Pod = f.sidecar();
    f.pod("kasten-io", "crypto-svc-0", "Running", k10Pod.healthPort());
    v1 = f.encrypt(K10Double.PRIMARY_KEY);
    passkey("k10-initial", new JsonObject().put("vaulttransitkeyname", "kasten").put("vaulttransitpath", "/transit")
        .put("usenow", true), true);
    passkey("passphrase-1", new JsonObject().put("secret", new JsonObject().put("name", "k10-pass")
        .put("namespace", "kasten-io")).put("usenow", false), false);
    passkey("other-key", new JsonObject().put("vaulttransitkeyname", "orders").put("vaulttransitpath", "transit")
        .put("usenow", false), false);
  }

  @AfterEach
  void stop() {
    if (k10 != null) {
      k10.close();
    }
    f.close();
  }

  private void passkey(String name, JsonObject spec, boolean inUse) {
    f.kube.create(KubeAccess.PASSKEYS, null, new JsonObject().put("apiVersion", "vault.kio.kasten.io/v1alpha1")
        .put("kind", "Passkey").put("metadata", new JsonObject().put("name", name)).put("spec", spec)
        .put("status", new JsonObject().put("inuse", inUse))).await();
  }

  private void k10(K10Double.Mode mode) {
    k10 = new K10Double(f.vertx, f.kube, f.api, k10Pod, mode, v1);
  }

  private Rotation rotation(PasskeyApi api, Duration wait) {
    K10Passkeys passkeys = new K10Passkeys(api, new RotationConfig.K10(Optional.of("kasten-io"), "transit-sidecar-",
        wait), Clock.systemUTC(), VertxScheduler.of(f.vertx), Duration.ofMillis(50), f.lines::add);
    return f.rotation(f.pods(List.of("kasten-io"))).withK10(passkeys);
  }

  private Rotation rotation() {
    return rotation(KubeAccess.passkeys(f.kube), Duration.ofSeconds(20));
  }

  private List<String> passkeyNames() {
    return f.kube.list(KubeAccess.PASSKEYS, null, null).await().stream()
        .map(p -> p.getJsonObject("metadata").getString("name")).sorted().collect(Collectors.toList());
  }

  private JsonObject passkey(String name) {
    return f.kube.get(KubeAccess.PASSKEYS, null, name).await();
  }

  @Test
  void k10ReWrapsThroughTheSidecar_newPasskeyInUse_olderVaultPasskeyDeleted_thenRaised() {
    k10(K10Double.Mode.REWRAPS);

    RotationResult result = rotation().run(AUTO).await();
    k10.decryptPrimaryKey();

    assertThat(result.heldBack()).isEmpty();
    assertThat(result.latestVersion()).isEqualTo(2);
    assertThat(result.minDecryptionVersion()).isEqualTo(2);
    assertThat(passkeyNames()).containsExactly("other-key", "passphrase-1", NEW);
    assertThat(passkey(NEW).getJsonObject("spec")).isEqualTo(new JsonObject().put("vaulttransitkeyname", "kasten")
        .put("vaulttransitpath", "transit").put("usenow", true));
    assertThat(passkey(NEW).getJsonObject("status").getBoolean("inuse")).isTrue();
    assertThat(k10.ciphertext()).as("K10's primary key, wrapped again at the new version").startsWith("vault:v2:");
    assertThat(f.lines).containsSubsequence("rotated transit/kasten: new version v2",
        "created K10 passkey " + NEW + " on transit/kasten (usenow: true)",
        "K10 reports passkey " + NEW + " in use",
        "deleted older K10 passkey k10-initial",
        "asked again after K10's passkey change:",
        "raised min_decryption_version of transit/kasten from 1 to 2");
    assertThat(f.keystore.read().keyId()).isEqualTo(f.keyId);
  }

  @Test
  void k10NeverMarksTheNewPasskey_nothingDeleted_nothingRaised_thenANewRunFinishes() {
    k10(K10Double.Mode.NEVER_MARKS);

    assertThatThrownBy(() -> rotation(KubeAccess.passkeys(f.kube), Duration.ofMillis(500)).run(AUTO).await())
        .isInstanceOf(RotationException.class)
        .hasMessageContaining("K10 did not report passkey " + NEW + " in use (status.inuse: true) within")
        .hasMessageContaining("not deleted").hasMessageContaining("not raised");

    assertThat(passkeyNames()).containsExactly("k10-initial", "other-key", "passphrase-1", NEW);
    assertThat(f.key().getInteger("latest_version")).isEqualTo(2);
    assertThat(f.key().getInteger("min_decryption_version")).isEqualTo(1);

    k10.close();
    k10 = null;
    k10(K10Double.Mode.REWRAPS);
    f.lines.clear();
    RotationResult again = rotation().run(AUTO).await();

    assertThat(again.latestVersion()).as("no second new version").isEqualTo(2);
    assertThat(f.lines).contains("K10 passkey " + NEW + " for v2 exists already");
    assertThat(again.minDecryptionVersion()).isEqualTo(2);
    assertThat(passkeyNames()).containsExactly("other-key", "passphrase-1", NEW);
  }

  @Test
  void k10MarksItButStillDecryptsTheOldVersion_theInterlockHoldsBack_namingK10sPod() {
    k10(K10Double.Mode.KEEPS_OLD_CIPHERTEXT);
    k10.decryptPrimaryKey();

    RotationResult result = rotation().run(AUTO).await();

    assertThat(passkeyNames()).containsExactly("other-key", "passphrase-1", NEW);
    assertThat(result.minDecryptionVersion()).isEqualTo(1);
    assertThat(result.heldBack()).get().asString().startsWith("version 1 of transit/kasten is still in use "
        + "(decrypted through pod kasten-io/crypto-svc-0 (127.0.0.1:" + k10Pod.healthPort() + ")");
  }

  @Test
  void k10AnswersAnUndocumentedStatus_refusesToDeleteOrRaise() {
    k10(K10Double.Mode.ANSWERS_UNDOCUMENTED);

    assertThatThrownBy(() -> rotation().run(AUTO).await())
        .isInstanceOf(RotationException.class)
        .hasMessageContaining("K10 answered status.inuse \"Yes\" for passkey " + NEW)
        .hasMessageContaining("not deleting passkeys, not raising min_decryption_version");

    assertThat(passkeyNames()).contains("k10-initial");
    assertThat(f.key().getInteger("min_decryption_version")).isEqualTo(1);
  }

  @Test
  void deleteRefused_stopsBeforeTheRaise_namingThePasskey() {
    k10(K10Double.Mode.REWRAPS);
    PasskeyApi real = KubeAccess.passkeys(f.kube);
    PasskeyApi refusing = new PasskeyApi() {
      @Override
      public Future<List<JsonObject>> list() {
        return real.list();
      }

      @Override
      public Future<Optional<JsonObject>> get(String name) {
        return real.get(name);
      }

      @Override
      public Future<JsonObject> create(JsonObject passkey) {
        return real.create(passkey);
      }

      @Override
      public Future<Void> delete(String name) {
        return Future.failedFuture(new IllegalStateException("delete passkeys " + name
            + ": 403 Forbidden: admission webhook refused: the last valid passkey cannot be deleted"));
      }
    };

    assertThatThrownBy(() -> rotation(refusing, Duration.ofSeconds(20)).run(AUTO).await())
        .isInstanceOf(RotationException.class)
        .hasMessageContaining("K10 refused to delete passkey k10-initial; min_decryption_version was not raised")
        .hasMessageContaining("403 Forbidden");

    assertThat(passkeyNames()).contains("k10-initial", NEW, "passphrase-1");
    assertThat(f.key().getInteger("min_decryption_version")).isEqualTo(1);
  }

  @Test
  void dryRun_saysWhatItWouldCreateAndDelete_changesNothing() {
    RotationResult result = rotation().run(new RotationOptions(true, false, OptionalInt.empty(), false)).await();

    assertThat(result.minDecryptionVersion()).isEqualTo(1);
    assertThat(f.lines).anyMatch(l -> l.startsWith("would create K10 passkey " + NEW)
        && l.endsWith("then delete the older Vault passkeys on transit/kasten: [k10-initial]"));
    assertThat(passkeyNames()).containsExactly("k10-initial", "other-key", "passphrase-1");
  }
}
