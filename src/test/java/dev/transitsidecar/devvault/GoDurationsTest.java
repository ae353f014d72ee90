package dev.transitsidecar.devvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both duration dialects side by side, the token/auth fields ({@code parse}) and Transit's
 * {@code TypeDurationSecond} ({@code seconds}), plus Go's rendering. The "lenient forms" and "formsTransitTakes"
 * cases pin where the dialects differ, so the shared scanner cannot change either.
 */
class GoDurationsTest {

  @ParameterizedTest
  @CsvSource({"3600,3600", "90s,90", "1h30m,5400", "1.5h,5400", "2d,172800", "500ms,0", "'',0"})
  void tokenParse_acceptsVaultDurations(String text, long seconds) {
    assertThat(GoDurations.parse(text)).hasSeconds(seconds);
  }

  @Test
  void tokenParse_acceptsNumbers() {
    assertThat(GoDurations.parse(120)).hasSeconds(120);
    assertThat(GoDurations.parse(7200L)).hasSeconds(7200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "1x", "h1", "-5", "1h 30m"})
  void tokenParse_rejectsGarbage(String text) {
    assertThatThrownBy(() -> GoDurations.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"0,0s", "45,45s", "90,1m30s", "3600,1h0m0s", "2764800,768h0m0s"})
  void format_isGoDurationString(long seconds, String expected) {
    assertThat(GoDurations.format(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

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
    assertThat(GoDurations.parse(text)).hasSeconds(seconds);
  }

  @Test
  void tokenParse_fractionalNumber_truncatedToWholeSeconds() {
    assertThat(GoDurations.parse(1.9)).hasSeconds(1);
    assertThat(GoDurations.parse(new BigInteger("86400"))).hasSeconds(86400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"+5", "-1h", "1\u03bcs", "1..5h", ".h", "99999999999999999999", "1.5d2"})
  void tokenParse_formsTransitTakes_orNeither_rejected(String text) {
    assertThatThrownBy(() -> GoDurations.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tokenParse_negativeNumberOrOtherTypes_rejected() {
    assertThatThrownBy(() -> GoDurations.parse(-5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GoDurations.parse(true)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GoDurations.parse(new JsonObject())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tokenParse_null_isZero() {
    assertThat(GoDurations.parse(null)).isZero();
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

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      3600   | 3600
      1h     | 3600
      90m    | 5400
      1.5h   | 5400
      2d     | 172800
      1h0m1s | 3601
      ''     | 0
      """)
  void transitSeconds_vaultFormats_wholeSeconds(String input, long seconds) {
    assertThat(GoDurations.seconds(input)).isEqualTo(seconds);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      1x  | time: unknown unit "x" in duration "1x"
      h   | time: invalid duration "h"
      """)
  void transitSeconds_invalid_goMessages(String input, String message) {
    assertThatThrownBy(() -> GoDurations.seconds(input)).hasMessage(message);
  }
}
