package dev.transitsidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.Sidecar;
import dev.transitsidecar.SidecarRuntime;
import dev.transitsidecar.config.ConfigLoader;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.Http.Answer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interlock against a running sidecar on the same configuration: a v1 ciphertext decrypted through it keeps
 * {@code rotate} from raising {@code min_decryption_version} past 1, until {@code --force}; and the sidecar keeps
 * serving derived keys from the same master key after the keystore was rewrapped.
 */
class RotateInterlockTest {
  @TempDir
  Path dir;

  private RotationFixture fixture;
  private Vertx sidecarVertx;
  private String base;
  private String keyId;

  @BeforeEach
  void start() {
    fixture = new RotationFixture(dir, DevVaultOptions.defaults().withPort(0));
    keyId = fixture.init();
    SidecarRuntime runtime = SidecarRuntime.create();
    sidecarVertx = runtime.vertx();
    SidecarConfig config = ConfigLoader.load(sidecarVertx, Optional.empty(), fixture.env).await();
    Sidecar sidecar = Sidecar.start(sidecarVertx, config, runtime.registry(), fixture.env, Clock.systemUTC()).await();
    base = "http://127.0.0.1:" + sidecar.port();
    Http.eventually(Duration.ofSeconds(10), () -> send("GET", "/readyz", null).status() == 200);
  }

  @AfterEach
  void stop() {
    sidecarVertx.close().await();
    fixture.close();
  }

  @Test
  void rotate_olderVersionDecryptedThroughTheSidecar_isHeldBack_thenForceRaisesWithAWarning() {
    String v1 = fixture.vault("POST", "/v1/transit/encrypt/kasten", "{\"plaintext\":\"aGk=\"}").json()
        .getJsonObject("data").getString("ciphertext");
    assertThat(send("POST", "/v1/transit/decrypt/kasten", new JsonObject().put("ciphertext", v1).encode()).status())
        .isEqualTo(200);

    CliRun held = fixture.run("rotate");

    assertThat(held.code()).as("held back is not a failure").isZero();
    assertThat(held.out()).contains("asked the sidecar at " + base + ": versions of kasten decrypted recently: [1]",
        "rotated transit/kasten: new version v2", "wrote keystore");
    assertThat(held.err()).isEmpty();
    assertThat(held.out().lines().toList().getLast())
        .startsWith("held back: version 1 of transit/kasten is still in use (decrypted through the sidecar at " + base)
        .contains("--force");
    assertThat(fixture.key().getInteger("latest_version")).isEqualTo(2);
    assertThat(fixture.key().getInteger("min_decryption_version")).isEqualTo(1);
    assertThat(fixture.ciphertext()).startsWith("vault:v2:");

    CliRun forced = fixture.run("rotate", "--force");

    assertThat(forced.code()).as(forced.err()).isZero();
    assertThat(forced.out()).contains("WARNING: --force: raising min_decryption_version to 2 locks out version 1")
        .contains("finishing the earlier rotation without a new key version");
    assertThat(fixture.key().getInteger("latest_version")).isEqualTo(2);
    assertThat(fixture.key().getInteger("min_decryption_version")).isEqualTo(2);
    assertThat(fixture.unwrappedKeyId()).isEqualTo(keyId);
  }

  @Test
  void rotate_theSidecarsMasterKeyUnwrappedFromV1_holdsTheRaiseAtV1_andTheSidecarStillDerivesWithTheSameKey() {
    String before = derivedKeyId();

    CliRun r = fixture.run("rotate", "--require-sidecar");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("versions of kasten decrypted recently: [1]", "rotated transit/kasten: new version v2")
        .contains("held back: version 1 of transit/kasten is still in use (decrypted through the sidecar at " + base);
    assertThat(fixture.key().getInteger("min_decryption_version")).isEqualTo(1);
    assertThat(derivedKeyId()).isEqualTo(before).isEqualTo(keyId);
  }

  @Test
  void rotate_requireSidecarButNoneAnswers_stopsBeforeRotating() {
    sidecarVertx.close().await();

    CliRun r = fixture.run("rotate", "--require-sidecar");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("could not ask the sidecar at http://127.0.0.1:");
    assertThat(fixture.key().getInteger("latest_version")).isEqualTo(1);
  }

  private String derivedKeyId() {
    Answer a = send("POST", "/sidecar/v1/derive", "{\"context\":\"Y3R4\"}");
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return a.json().getJsonObject("data").getString("key_id");
  }

  private Answer send(String method, String path, String body) {
    return Http.send(Http.request(base, path).header("X-Vault-Request", "true")
        .header("Content-Type", "application/json")
        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body)).build());
  }
}
