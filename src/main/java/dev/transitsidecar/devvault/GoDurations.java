package dev.transitsidecar.devvault;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Vault's {@code TypeDurationSecond}: {@code parseutil.ParseDurationSecond} then whole seconds. Accepts an
 * integer (seconds), {@code "<n>d"} (days) or a Go duration such as {@code "1h30m"}; errors carry Go's text.
 */
final class GoDurations {
  private static final Map<String, BigDecimal> UNIT_NANOS = Map.of(
      "ns", BigDecimal.ONE,
      "us", BigDecimal.valueOf(1_000L),
      "\u00b5s", BigDecimal.valueOf(1_000L),
      "\u03bcs", BigDecimal.valueOf(1_000L),
      "ms", BigDecimal.valueOf(1_000_000L),
      "s", BigDecimal.valueOf(1_000_000_000L),
      "m", BigDecimal.valueOf(60_000_000_000L),
      "h", BigDecimal.valueOf(3_600_000_000_000L));

  private GoDurations() {}

  /** Whole seconds (truncated toward zero); throws IllegalArgumentException with Go's message. */
  static long seconds(Object value) {
    if (!(value instanceof String) && !(value instanceof Number)) {
      throw new IllegalArgumentException("could not parse duration from input");
    }
    String text = GoValues.format(value);
    if (text.isEmpty()) {
      return 0;
    }
    Long plain = Ciphertexts.goAtoi(text);
    if (plain != null) {
      return plain;
    }
    if (text.endsWith("d")) {
      Long days = Ciphertexts.goAtoi(text.substring(0, text.length() - 1));
      if (days == null) {
        throw new IllegalArgumentException("strconv.ParseInt: parsing \"" + text.substring(0, text.length() - 1)
            + "\": invalid syntax");
      }
      return days * 86_400;
    }
    return parseGoDuration(text).movePointLeft(9).longValue();
  }

  /** Go's {@code time.ParseDuration}, in nanoseconds. */
  private static BigDecimal parseGoDuration(String original) {
    String s = original;
    boolean negative = s.startsWith("-");
    if (negative || s.startsWith("+")) {
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return BigDecimal.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(original);
    }
    BigDecimal total = BigDecimal.ZERO;
    while (!s.isEmpty()) {
      int i = 0;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) && s.charAt(i) < 128 || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(0, i);
      if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
        throw invalid(original);
      }
      int j = i;
      while (j < s.length() && s.charAt(j) != '.' && !(Character.isDigit(s.charAt(j)) && s.charAt(j) < 128)) {
        j++;
      }
      String unit = s.substring(i, j);
      if (unit.isEmpty()) {
        throw new IllegalArgumentException("time: missing unit in duration \"" + original + "\"");
      }
      BigDecimal nanos = UNIT_NANOS.get(unit);
      if (nanos == null) {
        throw new IllegalArgumentException(
            "time: unknown unit \"" + unit + "\" in duration \"" + original + "\"");
      }
      total = total.add(new BigDecimal(number.startsWith(".") ? "0" + number : number).multiply(nanos));
      s = s.substring(j);
    }
    return negative ? total.negate() : total;
  }

  private static IllegalArgumentException invalid(String original) {
    return new IllegalArgumentException("time: invalid duration \"" + original + "\"");
  }
}
