package dev.transitsidecar.testing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser for the PromQL the chart's alerts and dashboard use (no PromQL parser for Java is on Maven Central
 * here): number and string literals, vector selectors with label matchers, range selectors and subqueries,
 * {@code offset}, function calls (known functions only), aggregations with {@code by}/{@code without} before or after,
 * and binary operators by precedence with {@code bool}, {@code on}/{@code ignoring} and
 * {@code group_left}/{@code group_right}. It answers the metric names an expression reads, and throws
 * {@link IllegalArgumentException} naming the position of the first thing it cannot parse. It checks syntax, not
 * types (a {@code rate} over an instant vector parses).
 */
public final class PromQl {
  private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
      "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
  private static final Set<String> FUNCTIONS = Set.of("abs", "absent", "absent_over_time", "ceil", "changes",
      "clamp", "clamp_max", "clamp_min", "day_of_month", "day_of_week", "day_of_year", "days_in_month", "delta",
      "deriv", "exp", "floor", "histogram_quantile", "holt_winters", "hour", "idelta", "increase", "irate",
      "label_join", "label_replace", "ln", "log2", "log10", "minute", "month", "predict_linear", "rate", "resets",
      "round", "scalar", "sgn", "sort", "sort_desc", "sqrt", "time", "timestamp", "vector", "year",
      "avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time", "quantile_over_time",
      "stddev_over_time", "stdvar_over_time", "last_over_time", "present_over_time");
  /** Binary operators, loosest first; {@code ^} binds tightest and is right-associative. */
  private static final List<Set<String>> LEVELS = List.of(Set.of("or"), Set.of("and", "unless"),
      Set.of("==", "!=", ">", "<", ">=", "<="), Set.of("+", "-"), Set.of("*", "/", "%", "atan2"), Set.of("^"));
  private static final Pattern TOKEN = Pattern.compile("\\s*(?:"
      + "(?<duration>(?:\\d+(?:ms|s|m|h|d|w|y))+)(?![A-Za-z0-9_:.])"
      + "|(?<number>(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?)"
      + "|(?<string>\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*')"
      + "|(?<ident>[A-Za-z_:][A-Za-z0-9_:]*)"
      + "|(?<op>==|!=|>=|<=|=~|!~|[-+*/%^<>=(){}\\[\\],:]))");

  private final List<String> tokens = new ArrayList<>();
  private final List<Integer> positions = new ArrayList<>();
  private final String text;
  private final Set<String> metrics = new LinkedHashSet<>();
  private int at;

  private PromQl(String text) {
    this.text = text;
    Matcher m = TOKEN.matcher(text);
    int i = 0;
    while (i < text.length()) {
      if (text.substring(i).isBlank()) {
        break;
      }
      m.region(i, text.length());
      if (!m.lookingAt()) {
        int position = i + leadingSpace(text, i);
        throw new IllegalArgumentException("PromQL at " + position + ": unexpected character " + text.charAt(position)
            + " in: " + text);
      }
      tokens.add(m.group().strip());
      positions.add(m.start() + leadingSpace(text, m.start()));
      i = m.end();
    }
  }

  /** The metric names the expression reads; throws {@link IllegalArgumentException} when it does not parse. */
  public static Set<String> metricNames(String expression) {
    PromQl parser = new PromQl(expression);
    parser.expression(0);
    if (parser.at < parser.tokens.size()) {
      throw parser.error("unexpected " + parser.peek());
    }
    return parser.metrics;
  }

  private void expression(int level) {
    if (level == LEVELS.size()) {
      unary();
      return;
    }
    expression(level + 1);
    while (LEVELS.get(level).contains(peek())) {
      next();
      accept("bool");
      if (accept("on") || accept("ignoring")) {
        labels();
      }
      if (accept("group_left") || accept("group_right")) {
        if (peek().equals("(")) {
          labels();
        }
      }
      expression(level == LEVELS.size() - 1 ? level : level + 1);
    }
  }

  private void unary() {
    if (peek().equals("-") || peek().equals("+")) {
      next();
      unary();
      return;
    }
    primary();
    if (accept("[")) {
      duration();
      if (accept(":")) {
        if (!peek().equals("]")) {
          duration();
        }
      }
      expect("]");
    }
    if (accept("offset")) {
      accept("-");
      duration();
    }
  }

  private void primary() {
    String token = next();
    if (token.equals("(")) {
      expression(0);
      expect(")");
    } else if (token.matches("[\\d.].*") || token.startsWith("\"") || token.startsWith("'")) {
      if (!token.matches("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?")) {
        throw error(at - 1, "a duration where a number belongs: " + token);
      }
    } else if (AGGREGATIONS.contains(token) && (peek().equals("(") || peek().equals("by")
        || peek().equals("without"))) {
      grouping();
      expect("(");
      expression(0);
      if (accept(",")) {
        expression(0);
      }
      expect(")");
      grouping();
    } else if (FUNCTIONS.contains(token) && peek().equals("(")) {
      next();
      if (!accept(")")) {
        do {
          expression(0);
        } while (accept(","));
        expect(")");
      }
    } else if (token.equals("{")) {
      matchers();
    } else if (token.matches("[A-Za-z_:][A-Za-z0-9_:]*") && !isKeyword(token)) {
      if (peek().equals("(")) {
        throw error(at - 1, "unknown function " + token);
      }
      metrics.add(token);
      if (accept("{")) {
        matchers();
      }
    } else {
      throw error(at - 1, "unexpected " + (token.isEmpty() ? "end of expression" : token));
    }
  }

  private void grouping() {
    if (accept("by") || accept("without")) {
      labels();
    }
  }

  private void matchers() {
    while (!accept("}")) {
      String label = next();
      if (!label.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw error(at - 1, "a label name expected, got " + label);
      }
      String op = next();
      if (!Set.of("=", "!=", "=~", "!~").contains(op)) {
        throw error(at - 1, "a label matcher (= != =~ !~) expected, got " + op);
      }
      if (!next().matches("\".*\"|'.*'")) {
        throw error(at - 1, "a quoted label value expected");
      }
      if (!peek().equals("}")) {
        expect(",");
      }
    }
  }

  private void labels() {
    expect("(");
    while (!accept(")")) {
      if (!next().matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw error(at - 1, "a label name expected");
      }
      if (!peek().equals(")")) {
        expect(",");
      }
    }
  }

  private void duration() {
    if (!next().matches("(\\d+(ms|s|m|h|d|w|y))+")) {
      throw error(at - 1, "a duration (5m, 1h30m) expected");
    }
  }

  private static boolean isKeyword(String token) {
    return Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "and", "or",
        "unless", "atan2").contains(token);
  }

  private String peek() {
    return at < tokens.size() ? tokens.get(at) : "";
  }

  private String next() {
    String token = peek();
    at++;
    return token;
  }

  private boolean accept(String token) {
    if (peek().equals(token)) {
      at++;
      return true;
    }
    return false;
  }

  private void expect(String token) {
    if (!accept(token)) {
      throw error(token + " expected, got " + (peek().isEmpty() ? "the end" : peek()));
    }
  }

  private IllegalArgumentException error(String message) {
    return error(at, message);
  }

  private IllegalArgumentException error(int tokenIndex, String message) {
    int position = tokenIndex < positions.size() ? positions.get(tokenIndex) : text.length();
    return new IllegalArgumentException("PromQL at " + position + ": " + message + " in: " + text);
  }

  private static int leadingSpace(String text, int from) {
    int i = from;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i - from;
  }
}
