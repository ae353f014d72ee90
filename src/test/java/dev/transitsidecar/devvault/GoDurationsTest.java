package dev.transitsidecar.devvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two duration dialects side by side: the token/auth fields ({@code parse}) and Transit's
 * {@code TypeDurationSecond} ({@code seconds}). The cases here pin where they differ, so that sharing code between
 * them cannot change either.
 */
class GoDurationsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      1d12h      | 129600
      ' 90s '    | 90
      1.h        | 3600
      .5h        | 1800
      1\u00b5s   | 0
      0          | 0
      -0         | 0
      """)
  void tokenParse_lenientForms_accepted(String text, long seconds) {
    assertThat(Durations.parse(text)).hasSeconds(seconds);
  }

  @Test
  void tokenParse_fractionalNumber_truncatedToWholeSeconds() {
    assertThat(Durations.parse(1.9)).hasSeconds(1);
    assertThat(Durations.parse(new BigInteger("86400"))).hasSeconds(86400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"+5", "-1h", "1\u03bcs", "1..5h", ".h", "99999999999999999999", "1.5d2"})
  void tokenParse_formsTransitTakes_orNeither_rejected(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tokenParse_negativeNumberOrOtherTypes_rejected() {
    assertThatThrownBy(() -> Durations.parse(-5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Durations.parse(true)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Durations.parse(new JsonObject())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tokenParse_null_isZero() {
    assertThat(Durations.parse(null)).isZero();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      -5       | -5
      +3       | 3
      -2d      | -172800
      -1h      | -3600
      +1h      | 3600
      1\u03bcs | 0
      1\u00b5s | 0
      .5h      | 1800
      1.h      | 3600
      0        | 0
      -0       | 0
      """)
  void transitSeconds_signedAndGoForms_accepted(String text, long seconds) {
    assertThat(GoDurations.seconds(text)).isEqualTo(seconds);
  }

  @Test
  void transitSeconds_integerNumber_isSeconds() {
    assertThat(GoDurations.seconds(90)).isEqualTo(90);
    assertThat(GoDurations.seconds(-90L)).isEqualTo(-90);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      1d12h  | time: unknown unit "d" in duration "1d12h"
      1.5d   | strconv.ParseInt: parsing "1.5": invalid syntax
      d      | strconv.ParseInt: parsing "": invalid syntax
      ' 90s' | time: invalid duration " 90s"
      1.5    | time: missing unit in duration "1.5"
      1..5h  | time: invalid duration "1..5h"
      -      | time: invalid duration "-"
      1h5    | time: missing unit in duration "1h5"
      """)
  void transitSeconds_formsTokenSideTakes_orNeither_goMessages(String text, String message) {
    assertThatThrownBy(() -> GoDurations.seconds(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void transitSeconds_fractionalNumberOrOtherTypes_goMessages() {
    assertThatThrownBy(() -> GoDurations.seconds(1.5)).hasMessage("time: missing unit in duration \"1.5\"");
    assertThatThrownBy(() -> GoDurations.seconds(true)).hasMessage("could not parse duration from input");
    assertThatThrownBy(() -> GoDurations.seconds(null)).hasMessage("could not parse duration from input");
  }
}
