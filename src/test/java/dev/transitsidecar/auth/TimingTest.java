package dev.transitsidecar.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimingTest {
  private static final Duration HOUR = Duration.ofHours(1);

  @Test
  void grace_anyRandom_betweenTenAndTwentyPercent() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 1000; i++) {
      assertThat(Timing.grace(HOUR, random)).isBetween(Duration.ofMinutes(6), Duration.ofMinutes(12));
    }
    assertThat(Timing.grace(HOUR, () -> 0L)).isEqualTo(Duration.ofMinutes(6));
    assertThat(Timing.grace(Duration.ZERO, random)).isZero();
  }

  @Test
  void untilRenewal_anyJitter_seventyToSeventyThreePercentOfTheTimeLeft() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 1000; i++) {
      Duration wait = Timing.untilRenewal(HOUR, Timing.grace(HOUR, random));
      assertThat(wait).isBetween(Duration.ofSeconds(2520), Duration.ofSeconds(2640));
    }
  }

  @ParameterizedTest
  @CsvSource({"3600, 360, false", "2160, 360, false", "600, 360, true", "360, 360, true", "1441, 360, false",
      "1440, 360, true", "0, 0, true"})
  void capped_timeLeftAgainstGrace(long leftSeconds, long graceSeconds, boolean capped) {
    assertThat(Timing.capped(Duration.ofSeconds(leftSeconds), Duration.ofSeconds(graceSeconds))).isEqualTo(capped);
  }

  @Test
  void backoff_doublesFromOneSecondUpToFiveMinutes() {
    assertThat(Timing.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(Timing.backoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(Timing.backoff(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(Timing.backoff(9)).isEqualTo(Duration.ofSeconds(256));
    assertThat(Timing.backoff(10)).isEqualTo(Duration.ofMinutes(5));
    assertThat(Timing.backoff(1000)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void backoffWithin_neverPastTheTimeLeft() {
    assertThat(Timing.backoffWithin(4, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(8));
    assertThat(Timing.backoffWithin(6, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    assertThat(Timing.backoffWithin(1, Duration.ZERO)).isZero();
  }

  @Test
  void human_goStyle() {
    assertThat(Timing.human(Duration.ofSeconds(3723))).isEqualTo("1h2m3s");
    assertThat(Timing.human(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(Timing.human(Duration.ofSeconds(600))).isEqualTo("10m0s");
  }
}
