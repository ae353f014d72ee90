package dev.transitsidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.Sidecar;
import dev.transitsidecar.SidecarRuntime;
import dev.transitsidecar.config.ConfigLoader;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.testing.Http;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rotation.interval} wired into the running sidecar: a key older than the interval is rotated by it. */
class ScheduledRotationTest {
  @TempDir
  Path dir;

  @Test
  void run_intervalSet_sidecarRotatesTheDueKeyAndRewrapsTheKeystore() {
    try (RotationFixture fixture = new RotationFixture(dir, DevVaultOptions.defaults().withPort(0))) {
      String keyId = fixture.init();
      fixture.env.put("SIDECAR_ROTATION_INTERVAL", "1s");
      SidecarRuntime runtime = SidecarRuntime.create();
      Vertx vertx = runtime.vertx();
      try {
        SidecarConfig config = ConfigLoader.load(vertx, Optional.empty(), fixture.env).await();
        Sidecar.start(vertx, config, runtime.registry(), fixture.env, Clock.systemUTC()).await();

        Http.eventually(Duration.ofSeconds(15), () -> fixture.key().getInteger("min_decryption_version") == 2);

        assertThat(fixture.key().getInteger("latest_version")).isEqualTo(2);
        assertThat(fixture.ciphertext()).startsWith("vault:v2:");
        assertThat(fixture.unwrappedKeyId()).isEqualTo(keyId);
      } finally {
        vertx.close().await();
      }
    }
  }
}
