package dev.transitsidecar.devvault;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Vault's duration fields on one Go {@code time.ParseDuration} scanner, in the two dialects the engine serves.
 * Both take an integer as seconds and truncate to whole seconds.
 * <ul>
 *   <li>{@link #seconds}: Transit's {@code TypeDurationSecond} ({@code parseutil.ParseDurationSecond}): signed,
 *       {@code "<n>d"} only as a whole value, Go's units, errors carry Go's text.</li>
 *   <li>{@link #parse}: the token and auth fields ({@code ttl}, {@code increment}, ...): trimmed, never negative,
 *       no sign, {@code d} is a unit like any other ({@code 1d12h}), JSON numbers are truncated; errors never
 *       echo the value.</li>
 * </ul>
 * {@link #format} renders Go's {@code time.Duration.String()} ({@code 768h0m0s}).
 */
final class GoDurations {
  private static final Map<String, BigDecimal> GO_UNITS = Map.of(
      "ns", BigDecimal.ONE,
      "us", BigDecimal.valueOf(1_000L),
      "\u00b5s", BigDecimal.valueOf(1_000L),
      "\u03bcs", BigDecimal.valueOf(1_000L),
      "ms", BigDecimal.valueOf(1_000_000L),
      "s", BigDecimal.valueOf(1_000_000_000L),
      "m", BigDecimal.valueOf(60_000_000_000L),
      "h", BigDecimal.valueOf(3_600_000_000_000L));
  /** The token side's units: Go's plus whole days, without the Greek-mu spelling of microseconds. */
  private static final Map<String, BigDecimal> TOKEN_UNITS = tokenUnits();
  private static final Pattern INTEGER = Pattern.compile("-?\\d+");

  private GoDurations() {}

  /** Transit: whole seconds (truncated toward zero); throws IllegalArgumentException with Go's message. */
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

  /** Token and auth fields: a JSON value; throws {@link IllegalArgumentException} (without echoing the value). */
  static Duration parse(Object value) {
    return switch (value) {
      case null -> Duration.ZERO;
      case Integer i -> nonNegative(Duration.ofSeconds(i));
      case Long l -> nonNegative(Duration.ofSeconds(l));
      case Number n -> nonNegative(Duration.ofSeconds(n.longValue()));
      case String s -> parseText(s.trim());
      default -> throw notADuration();
    };
  }

  private static Duration parseText(String text) {
    if (text.isEmpty()) {
      return Duration.ZERO;
    }
    if (INTEGER.matcher(text).matches()) {
      return nonNegative(Duration.ofSeconds(Long.parseLong(text)));
    }
    if (text.startsWith("+") || text.startsWith("-")) {
      throw notADuration();
    }
    try {
      return Duration.ofSeconds(sumSegments(text, text, TOKEN_UNITS).movePointLeft(9).longValue());
    } catch (IllegalArgumentException e) {
      throw notADuration();
    }
  }

  private static IllegalArgumentException notADuration() {
    return new IllegalArgumentException("not a duration");
  }

  private static Duration nonNegative(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("negative duration");
    }
    return d;
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
    BigDecimal total = sumSegments(original, s, GO_UNITS);
    return negative ? total.negate() : total;
  }

  /** The unsigned {@code <number><unit>...} run {@code s} of {@code original}, summed in nanoseconds. */
  private static BigDecimal sumSegments(String original, String s, Map<String, BigDecimal> units) {
    BigDecimal total = BigDecimal.ZERO;
    int at = 0;
    while (at < s.length()) {
      int numberEnd = scan(s, at, true);
      int unitEnd = scan(s, numberEnd, false);
      total = total.add(segmentNanos(original, s.substring(at, numberEnd), s.substring(numberEnd, unitEnd), units));
      at = unitEnd;
    }
    return total;
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

  private static BigDecimal segmentNanos(String original, String number, String unit, Map<String, BigDecimal> units) {
    if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
      throw invalid(original);
    }
    if (unit.isEmpty()) {
      throw new IllegalArgumentException("time: missing unit in duration \"" + original + "\"");
    }
    BigDecimal nanos = units.get(unit);
    if (nanos == null) {
      throw new IllegalArgumentException("time: unknown unit \"" + unit + "\" in duration \"" + original + "\"");
    }
    return new BigDecimal(number.startsWith(".") ? "0" + number : number).multiply(nanos);
  }

  private static IllegalArgumentException invalid(String original) {
    return new IllegalArgumentException("time: invalid duration \"" + original + "\"");
  }

  private static Map<String, BigDecimal> tokenUnits() {
    Map<String, BigDecimal> units = new HashMap<>(GO_UNITS);
    units.remove("\u03bcs");
    units.put("d", BigDecimal.valueOf(86_400_000_000_000L));
    return Map.copyOf(units);
  }

  /** Go's rendering of a whole-second duration: {@code 0s}, {@code 45s}, {@code 1m30s}, {@code 768h0m0s}. */
  static String format(Duration d) {
    long total = d.toSeconds();
    String sign = total < 0 ? "-" : "";
    total = Math.abs(total);
    long h = total / 3600;
    long m = (total % 3600) / 60;
    long s = total % 60;
    if (h > 0) {
      return sign + h + "h" + m + "m" + s + "s";
    }
    return m > 0 ? sign + m + "m" + s + "s" : sign + s + "s";
  }
}
