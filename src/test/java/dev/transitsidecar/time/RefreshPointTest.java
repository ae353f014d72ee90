package dev.transitsidecar.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RefreshPointTest {
  private static final Duration TTL = Duration.ofMinutes(15);

  @Test
  void next_drawsBetween75And85PercentOfTheTtl() {
    assertThat(new RefreshPoint(TTL, () -> 0.0).next()).isEqualTo(Duration.ofSeconds(675));
    assertThat(new RefreshPoint(TTL, () -> 0.5).next()).isEqualTo(Duration.ofMinutes(12));
    assertThat(new RefreshPoint(TTL, () -> 0.999_999).next()).isEqualTo(Duration.ofSeconds(765));
  }

  @Test
  void next_drawOutsideZeroToOne_staysInTheWindow() {
    assertThat(new RefreshPoint(TTL, () -> -3).next()).isEqualTo(Duration.ofSeconds(675));
    assertThat(new RefreshPoint(TTL, () -> 7).next()).isEqualTo(Duration.ofSeconds(765));
  }

  @Test
  void next_uniform_spreadsOverTheWindow() {
    RefreshPoint point = new RefreshPoint(TTL, RefreshPoint.UNIFORM);
    Duration earliest = TTL;
    Duration latest = Duration.ZERO;
    for (int i = 0; i < 2_000; i++) {
      Duration next = point.next();
      earliest = next.compareTo(earliest) < 0 ? next : earliest;
      latest = next.compareTo(latest) > 0 ? next : latest;
    }
    assertThat(earliest).isBetween(Duration.ofSeconds(675), Duration.ofSeconds(684));
    assertThat(latest).isBetween(Duration.ofSeconds(756), Duration.ofSeconds(765));
  }
}
