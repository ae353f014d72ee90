package dev.transitsidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.devvault.DevVaultOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keystore} and {@code rotate} with the keystore in a Secret ({@code keystore.secret.*}), against fabric8's
 * mock API server in CRUD mode (it keeps resourceVersion and refuses a stale update with 409) and the embedded
 * Transit engine: a full rotation, two rotations racing, and conflicts injected between a read and its write.
 */
class SecretRotationTest {
  @TempDir
  Path dir;

  private SecretFixture fixture;
  private String keyId;

  @BeforeEach
  void start() {
    fixture = new SecretFixture(dir, DevVaultOptions.defaults());
    CliRun init = fixture.run("keystore", "init");
    assertThat(init.code()).as(init.err()).isZero();
    assertThat(init.out()).contains("created keystore Secret apps/transit-keystore (key keystore.json) with key_id");
    keyId = fixture.keystore().getString("key_id");
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void rotate_keystoreInASecret_rotatesRewritesTheSecretHoldsTheRaiseBack_andTheNextRunRaises() {
    assertThat(fixture.unwrappedKeyId()).isEqualTo(keyId);

    CliRun rotate = fixture.run("rotate");

    assertThat(rotate.code()).as(rotate.err()).isZero();
    assertThat(rotate.out()).contains("rotated transit/kasten: new version v2",
        "checked passkey vault: it unwraps to key_id " + keyId,
        "wrote keystore Secret apps/transit-keystore (key keystore.json)",
        "held back: version 1 of transit/kasten is still in use (the keystore this run replaced in the Secret");
    assertThat(fixture.rotation.key().getInteger("latest_version")).isEqualTo(2);
    assertThat(fixture.rotation.key().getInteger("min_decryption_version"))
        .as("pods that mount the Secret may still read the v1 keystore").isEqualTo(1);
    assertThat(fixture.keystoreVersion()).isEqualTo(2);
    assertThat(fixture.unwrappedKeyId()).isEqualTo(keyId);
    assertThat(fixture.secret().getJsonObject("metadata").getJsonObject("annotations", new JsonObject())
        .containsKey("transit-sidecar.dev/rotation-claim")).as("the claim is cleared by the write").isFalse();

    CliRun next = fixture.run("rotate");

    assertThat(next.code()).as(next.err()).isZero();
    assertThat(next.out()).contains("raised min_decryption_version of transit/kasten from 1 to 2")
        .doesNotContain("rotated transit/kasten");
    assertThat(fixture.rotation.key().getInteger("latest_version")).isEqualTo(2);
    assertThat(fixture.rotation.key().getInteger("min_decryption_version")).isEqualTo(2);
    assertThat(fixture.unwrappedKeyId()).isEqualTo(keyId);
  }

  /**
   * Both runs read the Secret and the key before either writes: the engine answers each call after 300 ms, so the
   * second run, started with the first, has read everything before the first one's claim. Exactly one gets to
   * rotate; the other stops at the first one's claim, or finishes or leaves what the first one did.
   */
  @Test
  void rotate_twoAtOnce_exactlyOneNewKeyVersionAndTheSecretUnwraps() throws Exception {
    fixture.rotation.engine.faults().latency(Duration.ofMillis(300));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<CompletableFuture<CliRun>> runs = List.of(1, 2).stream()
          .map(i -> CompletableFuture.supplyAsync(() -> {
            await(go);
            return fixture.run("rotate");
          }, pool))
          .toList();
      go.countDown();
      List<CliRun> done = runs.stream().map(CompletableFuture::join).toList();
      fixture.rotation.engine.faults().clear();

      assertThat(done).extracting(CliRun::code).as("%s", done).contains(0).allMatch(code -> code == 0 || code == 1);
      done.stream().filter(r -> r.code() == 1).forEach(r -> assertThat(r.err())
          .contains("another rotation of transit/kasten is under way"));
      assertThat(fixture.rotation.key().getInteger("latest_version")).as("one new key version").isEqualTo(2);
      assertThat(fixture.keystoreVersion()).isEqualTo(2);
      assertThat(fixture.unwrappedKeyId()).isEqualTo(keyId);

      CliRun after = fixture.run("rotate");
      assertThat(after.code()).as(after.err()).isZero();
      assertThat(fixture.unwrappedKeyId()).isEqualTo(keyId);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void rotate_secretChangedBetweenReadAndTheKeystoresWrite_readsAgainAndFinishesWithoutASecondRotation() {
    fixture.api.beforeNextUpdate(SecretFixture.PATH, () -> fixture.api.beforeNextUpdate(SecretFixture.PATH,
        () -> fixture.api.update(SecretFixture.PATH, fixture.touched("example.com/other-writer"))));

    CliRun rotate = fixture.run("rotate");

    assertThat(rotate.code()).as(rotate.err()).isZero();
    assertThat(rotate.out()).contains("changed since it was read: reading it again and deciding again",
        "a rotation of transit/kasten is under way");
    assertThat(fixture.rotation.key().getInteger("latest_version")).isEqualTo(2);
    assertThat(fixture.keystoreVersion()).isEqualTo(2);
    assertThat(fixture.unwrappedKeyId()).isEqualTo(keyId);
    assertThat(fixture.secret().getJsonObject("metadata").getJsonObject("annotations").getString(
        "example.com/other-writer")).as("the other writer's change is kept").isEqualTo("yes");
  }

  @Test
  void rotate_secretChangedBeforeTheClaim_claimsAgainAndRotatesOnce() {
    fixture.api.beforeNextUpdate(SecretFixture.PATH,
        () -> fixture.api.update(SecretFixture.PATH, fixture.touched("example.com/other-writer")));

    CliRun rotate = fixture.run("rotate");

    assertThat(rotate.code()).as(rotate.err()).isZero();
    assertThat(rotate.out()).contains("changed since it was read: reading it again and deciding again");
    assertThat(fixture.rotation.key().getInteger("latest_version")).isEqualTo(2);
    assertThat(fixture.unwrappedKeyId()).isEqualTo(keyId);
  }

  @Test
  void keystoreAddPasskey_secretChangedMeanwhile_isMadeAgainOnTheNewSecret() {
    fixture.api.beforeNextUpdate(SecretFixture.PATH,
        () -> fixture.api.update(SecretFixture.PATH, fixture.touched("example.com/other-writer")));

    CliRun add = fixture.run("keystore", "add-passkey", "--name", "second", "--vault-transit");

    assertThat(add.code()).as(add.err()).isZero();
    assertThat(fixture.keystore().getJsonArray("passkeys")).hasSize(2);
    assertThat(fixture.secret().getJsonObject("metadata").getJsonObject("annotations")
        .getString("example.com/other-writer")).isEqualTo("yes");
    CliRun show = fixture.run("keystore", "show");
    assertThat(show.out()).contains("keystore: Secret apps/transit-keystore (key keystore.json)", "key_id: " + keyId,
        "second");
  }

  @Test
  void keystoreAddPasskey_whileARotationsClaimIsRecorded_leavesTheClaimSoTheRotationStaysVisible() {
    String claim = new JsonObject().put("key", "transit/kasten").put("from_version", 1)
        .put("at", "2026-12-05T03:00:00Z").put("host", "rotation-job-abc").put("pid", 7).encode();
    JsonObject secret = fixture.secret();
    JsonObject metadata = secret.getJsonObject("metadata");
    metadata.remove("resourceVersion");
    metadata.put("annotations", metadata.getJsonObject("annotations", new JsonObject())
        .put("transit-sidecar.dev/rotation-claim", claim));
    fixture.api.update(SecretFixture.PATH, secret.encode());

    CliRun add = fixture.run("keystore", "add-passkey", "--name", "second", "--vault-transit");

    assertThat(add.code()).as(add.err()).isZero();
    assertThat(fixture.keystore().getJsonArray("passkeys")).hasSize(2);
    assertThat(fixture.secret().getJsonObject("metadata").getJsonObject("annotations")
        .getString("transit-sidecar.dev/rotation-claim")).isEqualTo(claim);
  }

  @Test
  void keystoreInit_overAnExistingKeystoreInTheSecret_isRefusedAndChangesNothing() {
    String before = fixture.secret().getJsonObject("data").getString("keystore.json");

    CliRun again = fixture.run("keystore", "init");

    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("the keystore in Secret apps/transit-keystore (key keystore.json) already exists");
    assertThat(fixture.secret().getJsonObject("data").getString("keystore.json")).isEqualTo(before);
  }

  @Test
  void rotate_noNamespaceAnywhere_isAConfigurationError() {
    fixture.rotation.env.put("KUBECONFIG", fixture.api.writeKubeconfig(dir.resolve("nons"), "\"\"").toString());

    CliRun rotate = fixture.run("rotate");

    assertThat(rotate.code()).isEqualTo(2);
    assertThat(rotate.err()).contains("config: keystore.secret.namespace: not set, and kubeconfig");
  }

  @Test
  void rotate_noKubernetesConfiguration_isAConfigurationError() {
    fixture.rotation.env.put("KUBECONFIG", dir.resolve("absent").toString());

    CliRun rotate = fixture.run("rotate");

    assertThat(rotate.code()).isEqualTo(2);
    assertThat(rotate.err()).contains("config: keystore.secret.name: set, but the Kubernetes API is not configured");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
