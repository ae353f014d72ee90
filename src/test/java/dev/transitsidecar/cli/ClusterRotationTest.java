package dev.transitsidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.config.ConfigLoader;
import dev.transitsidecar.config.RotationConfig;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pods {@code rotate} asks in a cluster: the watched namespaces, and K10's in K10 mode (the chart gives only the
 * former).
 */
class ClusterRotationTest {
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static RotationConfig rotation(String watched, Optional<String> k10) {
    Map<String, String> env = new HashMap<>(Map.of("SIDECAR_ROTATION_INTERLOCK_NAMESPACES", watched));
    k10.ifPresent(ns -> env.put("SIDECAR_ROTATION_K10_NAMESPACE", ns));
    return ConfigLoader.load(vertx, Optional.empty(), env).await().rotation();
  }

  @Test
  void namespaces_k10sAddedOnce_notBesideEveryNamespace_andAloneWhenNoneIsWatched() {
    assertThat(ClusterRotation.namespaces(rotation("apps,batch", Optional.of("kasten-io"))))
        .containsExactly("apps", "batch", "kasten-io");
    assertThat(ClusterRotation.namespaces(rotation("apps,kasten-io", Optional.of("kasten-io"))))
        .containsExactly("apps", "kasten-io");
    assertThat(ClusterRotation.namespaces(rotation("*", Optional.of("kasten-io")))).containsExactly("*");
    assertThat(ClusterRotation.namespaces(rotation("", Optional.of("kasten-io")))).containsExactly("kasten-io");
    assertThat(ClusterRotation.namespaces(rotation("apps", Optional.empty()))).containsExactly("apps");
  }
}
