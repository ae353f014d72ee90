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
    boolean negative = original.startsWith("-");
    String s = negative || original.startsWith("+") ? original.substring(1) : original;
    if (s.equals("0")) {
      return BigDecimal.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(original);
    }
    BigDecimal total = BigDecimal.ZERO;
    int at = 0;
    while (at < s.length()) {
      int numberEnd = scan(s, at, true);
      int unitEnd = scan(s, numberEnd, false);
      total = total.add(segmentNanos(original, s.substring(at, numberEnd), s.substring(numberEnd, unitEnd)));
      at = unitEnd;
    }
    return negative ? total.negate() : total;
  }

  /** The end of a run of number characters (ASCII digits and '.') or, with {@code number} false, of others. */
  private static int scan(String s, int from, boolean number) {
    int i = from;
    while (i < s.length() && isNumberChar(s.charAt(i)) == number) {
      i++;
    }
    return i;
  }

  private static boolean isNumberChar(char c) {
    return c == '.' || c >= '0' && c <= '9';
  }

  private static BigDecimal segmentNanos(String original, String number, String unit) {
    if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
      throw invalid(original);
    }
    if (unit.isEmpty()) {
      throw new IllegalArgumentException("time: missing unit in duration \"" + original + "\"");
    }
    BigDecimal nanos = UNIT_NANOS.get(unit);
    if (nanos == null) {
      throw new IllegalArgumentException("time: unknown unit \"" + unit + "\" in duration \"" + original + "\"");
    }
    return new BigDecimal(number.startsWith(".") ? "0" + number : number).multiply(nanos);
  }

  private static IllegalArgumentException invalid(String original) {
    return new IllegalArgumentException("time: invalid duration \"" + original + "\"");
  }
}
