package dev.transitsidecar.devvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TtlsTest {
  private static final Ttls.SystemTtl SYS = new Ttls.SystemTtl(Duration.ofHours(768), Duration.ofHours(768));
  private static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");

  @Test
  void calculate_usesIncrementThenBackendTtlThenDefault() {
    Lifetime none = Lifetime.of(Duration.ZERO, Duration.ZERO);
    assertThat(Ttls.calculate(SYS, Duration.ofMinutes(5), Duration.ofHours(1), none, T0, T0).ttl())
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(Ttls.calculate(SYS, Duration.ZERO, Duration.ofHours(1), none, T0, T0).ttl())
        .isEqualTo(Duration.ofHours(1));
    assertThat(Ttls.calculate(SYS, Duration.ZERO, Duration.ZERO, none, T0, T0).ttl())
        .isEqualTo(Duration.ofHours(768));
  }

  @Test
  void calculate_backendMaxCapsFromStart() {
    Lifetime life = Lifetime.of(Duration.ofHours(1), Duration.ofHours(2));
    Ttls.Result r = Ttls.calculate(SYS, Duration.ofHours(1), Duration.ofHours(1), life, T0,
        T0.plus(Duration.ofMinutes(90)));

    assertThat(r.ttl()).isEqualTo(Duration.ofMinutes(30));
    assertThat(r.warnings()).containsExactly(
        "TTL of \"1h0m0s\" exceeded the effective max_ttl of \"30m0s\"; TTL value is capped accordingly");
  }

  @Test
  void calculate_periodAboveMax_isCappedWithPeriodWarning() {
    Lifetime life = new Lifetime(Duration.ZERO, Duration.ZERO, Duration.ofHours(1000), Duration.ZERO, true);
    Ttls.Result r = Ttls.calculate(SYS, Duration.ZERO, Duration.ZERO, life, T0, T0);

    assertThat(r.ttl()).isEqualTo(Duration.ofHours(768));
    assertThat(r.warnings()).containsExactly("period of \"1000h0m0s\" exceeded the effective max_ttl of "
        + "\"768h0m0s\"; period value is capped accordingly");
  }

  @Test
  void calculate_pastMax_isAnError() {
    Lifetime life = new Lifetime(Duration.ZERO, Duration.ofHours(1), Duration.ZERO, Duration.ZERO, true);

    assertThatThrownBy(() -> Ttls.calculate(SYS, Duration.ZERO, Duration.ZERO, life, T0, T0.plusSeconds(3600)))
        .isInstanceOf(VaultError.class)
        .hasMessageContaining("past the max TTL, cannot renew");
  }

  @Test
  void rfc3339Nano_dropsTrailingZeros() {
    assertThat(TokenViews.rfc3339Nano(T0)).isEqualTo("2026-11-29T12:00:00Z");
    assertThat(TokenViews.rfc3339Nano(T0.plusMillis(500))).isEqualTo("2026-11-29T12:00:00.5Z");
    assertThat(TokenViews.rfc3339Nano(T0.plusNanos(123))).isEqualTo("2026-11-29T12:00:00.000000123Z");
  }
}
