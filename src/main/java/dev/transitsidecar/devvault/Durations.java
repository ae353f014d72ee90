package dev.transitsidecar.devvault;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vault's duration fields ({@code ttl}, {@code increment}, ...): a JSON number or numeric string is seconds, anything
 * else is a Go duration ({@code 1h30m}, {@code 90s}, {@code 1.5h}) or whole days ({@code 7d}), as
 * {@code parseutil.ParseDurationSecond} accepts. Results are truncated to whole seconds like Vault's
 * {@code TypeDurationSecond}. {@link #format} renders Go's {@code time.Duration.String()} ({@code 768h0m0s}).
 */
final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h|d)");
  private static final Pattern INTEGER = Pattern.compile("-?\\d+");

  private Durations() {}

  /** Parses a JSON value; throws {@link IllegalArgumentException} (without echoing the value) when invalid. */
  static Duration parse(Object value) {
    return switch (value) {
      case null -> Duration.ZERO;
      case Integer i -> nonNegative(Duration.ofSeconds(i));
      case Long l -> nonNegative(Duration.ofSeconds(l));
      case Number n -> nonNegative(Duration.ofSeconds(n.longValue()));
      case String s -> parseText(s.trim());
      default -> throw new IllegalArgumentException("not a duration");
    };
  }

  private static Duration parseText(String text) {
    if (text.isEmpty()) {
      return Duration.ZERO;
    }
    if (INTEGER.matcher(text).matches()) {
      return nonNegative(Duration.ofSeconds(Long.parseLong(text)));
    }
    Matcher m = PART.matcher(text);
    BigDecimal nanos = BigDecimal.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
      end = m.end();
    }
    if (end != text.length()) {
      throw new IllegalArgumentException("not a duration");
    }
    return Duration.ofSeconds(nanos.movePointLeft(9).longValue());
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> 86_400_000_000_000L;
    };
  }

  private static Duration nonNegative(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("negative duration");
    }
    return d;
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
