package dev.transitsidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "500ms, PT0.5S",
    "30s, PT30S",
    "15m, PT15M",
    "24h, PT24H",
    "0s, PT0S",
    "0ms, PT0S",
    "1ms, PT0.001S",
    "1h30m, PT1H30M",
    "1h30m15s250ms, PT1H30M15.25S",
    "90s, PT1M30S",
    "30s1m, PT1M30S",
  })
  void parse_validText_isTheDuration(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {
    "", "30", "0", "soon", "5 s", " 5s", "5s ", "-5s", "1.5s", "5S", "5sec", "1d", "h", "ms", "5s,1m",
    "9999999999999h"
  })
  void parse_invalidText_isABadValue(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(BadValue.class)
        .hasMessageStartingWith(BadValue.quote(text))
        .hasNoCause();
  }

  @org.junit.jupiter.api.Test
  void parse_numberWithoutUnit_saysTheUnitIsMissing() {
    assertThatThrownBy(() -> Durations.parse("30"))
        .hasMessage("\"30\" has no unit (use 500ms, 30s, 15m or 24h)");
  }

  @org.junit.jupiter.api.Test
  void parse_prose_saysItIsNotADuration() {
    assertThatThrownBy(() -> Durations.parse("soon"))
        .hasMessage("\"soon\" is not a duration (use 500ms, 30s, 15m or 24h)");
  }
}
