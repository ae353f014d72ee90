package dev.transitsidecar.devvault;

import static dev.transitsidecar.devvault.TransitFixture.b64;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A small storm: encrypt/decrypt on many threads while another rotates; every round trip must hold. */
class TransitConcurrencyTest {
  @Test
  void storm_encryptDecryptWhileRotating_allRoundTrip() throws Exception {
    TransitFixture vault = new TransitFixture();
    vault.createKey("k", new JsonObject());
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      String message = "thread-" + t;
      tasks.add(() -> {
        for (int i = 0; i < 200; i++) {
          if (!vault.decrypt("k", vault.encrypt("k", message + i)).equals(message + i)) {
            return false;
          }
        }
        return true;
      });
    }
    tasks.add(() -> {
      for (int i = 0; i < 50; i++) {
        vault.write("keys/k/rotate", null);
      }
      return true;
    });
    try (ExecutorService pool = Executors.newFixedThreadPool(tasks.size())) {
      for (Future<Boolean> result : pool.invokeAll(tasks)) {
        assertThat(result.get()).isTrue();
      }
    }
    assertThat(vault.keyData("k").getInteger("latest_version")).isEqualTo(51);
    assertThat(vault.write("encrypt/k", new JsonObject().put("plaintext", b64("x"))).data()
        .getInteger("key_version")).isEqualTo(51);
  }
}
