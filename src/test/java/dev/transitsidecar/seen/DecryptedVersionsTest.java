package dev.transitsidecar.seen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.testing.FakeClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seen versions per mount and key: remembered for the window, shown as JSON and as one gauge series each. */
class DecryptedVersionsTest {
  private static final Duration TTL = Duration.ofMinutes(15);

  private final FakeClock clock = new FakeClock();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final DecryptedVersions seen = new DecryptedVersions(clock, TTL);

  @Test
  void record_keptPerMountAndKey_withTheLastTime() {
    seen.record("transit", "kasten", List.of(1, 2));
    clock.advance(Duration.ofMinutes(1));
    seen.record("transit", "kasten", List.of(2));
    seen.record("transit-eu", "kasten", List.of(7));

    Instant start = Instant.parse("2026-11-29T12:00:00Z");
    assertThat(seen.of("transit", "kasten")).containsOnlyKeys(1, 2).containsEntry(1, start)
        .containsEntry(2, start.plusSeconds(60));
    assertThat(seen.of("transit-eu", "kasten")).containsOnlyKeys(7);
    assertThat(seen.of("transit", "other")).isEmpty();
  }

  @Test
  void masterKeyUnwraps_countAsSeen_butNotAsDecryptedThroughTheProxy() {
    seen.recordUnwrap("transit", "kasten", 1);
    clock.advance(Duration.ofMinutes(1));
    seen.record("transit", "kasten", List.of(2));

    assertThat(seen.of("transit", "kasten")).containsOnlyKeys(1, 2);
    assertThat(seen.decryptedThroughTheProxy("transit", "kasten")).containsOnlyKeys(2);
  }

  @Test
  void versionsNotSeenWithinTheWindow_forgotten() {
    seen.record("transit", "kasten", List.of(1));
    clock.advance(Duration.ofMinutes(10));
    seen.record("transit", "kasten", List.of(2));
    clock.advance(Duration.ofMinutes(6));

    assertThat(seen.of("transit", "kasten")).containsOnlyKeys(2);
    clock.advance(Duration.ofMinutes(10));
    assertThat(seen.current()).isEmpty();
  }

  @Test
  void toJson_mountThenKeyThenVersion() {
    seen.record("transit", "kasten", List.of(3));

    assertThat(seen.toJson()).isEqualTo(new JsonObject().put("transit", new JsonObject().put("kasten",
        new JsonObject().put("3", "2026-11-29T12:00:00Z"))));
  }

  @Test
  void gauge_oneSeriesPerVersion_removedWhenForgottenOrUnbound() {
    seen.bindTo(registry);
    seen.record("transit", "kasten", List.of(1));
    clock.advance(Duration.ofMinutes(10));
    seen.record("transit", "kasten", List.of(2));
    seen.current();

    assertThat(registry.scrape()).as("after current(), as the /metrics route calls it before each scrape").contains(
        "transit_sidecar_cache_seen_version_timestamp_seconds{key=\"kasten\",mount=\"transit\",version=\"1\"} "
            + "1.7959536E9",
        "transit_sidecar_cache_seen_version_timestamp_seconds{key=\"kasten\",mount=\"transit\",version=\"2\"} "
            + "1.7959542E9");

    clock.advance(Duration.ofMinutes(6));
    seen.current();
    assertThat(registry.scrape()).doesNotContain("version=\"1\"").contains("version=\"2\"");

    seen.unbind();
    assertThat(registry.scrape()).doesNotContain(DecryptedVersions.METRIC + "{");
    seen.record("transit", "kasten", List.of(3));
    seen.current();
    assertThat(registry.scrape()).as("nothing comes back after unbind").doesNotContain(DecryptedVersions.METRIC + "{");
  }
}
