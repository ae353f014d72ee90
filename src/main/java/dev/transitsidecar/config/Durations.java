package dev.transitsidecar.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Config durations: {@code 500ms}, {@code 30s}, {@code 15m}, {@code 24h}, {@code 1h30m}, {@code 0s}. */
final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d{1,12})(ms|s|m|h)");
  private static final String HINT = "(use 500ms, 30s, 15m or 24h)";

  private Durations() {}

  /** Parses a sequence of number-unit parts; the parts add up. Throws {@link BadValue}. */
  static Duration parse(String text) {
    if (text.matches("\\d+")) {
      throw new BadValue(BadValue.quote(text) + " has no unit " + HINT);
    }
    Matcher part = PART.matcher(text);
    Duration total = Duration.ZERO;
    int at = 0;
    while (at < text.length()) {
      part.region(at, text.length());
      if (!part.lookingAt()) {
        throw new BadValue(BadValue.quote(text) + " is not a duration " + HINT);
      }
      total = add(total, Long.parseLong(part.group(1)), part.group(2), text);
      at = part.end();
    }
    if (at == 0) {
      throw new BadValue(BadValue.quote(text) + " is not a duration " + HINT);
    }
    return total;
  }

  private static Duration add(Duration total, long amount, String unit, String text) {
    try {
      return switch (unit) {
        case "ms" -> total.plusMillis(amount);
        case "s" -> total.plusSeconds(amount);
        case "m" -> total.plusMinutes(amount);
        default -> total.plusHours(amount);
      };
    } catch (ArithmeticException e) {
      throw new BadValue(BadValue.quote(text) + " is too long a duration");
    }
  }
}
