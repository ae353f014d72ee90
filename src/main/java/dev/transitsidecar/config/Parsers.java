package dev.transitsidecar.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The value parsers the schema is built from. Each throws {@link BadValue}. */
final class Parsers {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final List<String> RULE_FIELDS = List.of("name", "namespace", "matchLabels", "annotations");

  private Parsers() {}

  static Parser<String> text() {
    return scalar(t -> t);
  }

  static Parser<Optional<String>> optionalText() {
    return raw -> Optional.of((String) raw).filter(t -> !t.isEmpty());
  }

  static Parser<Path> path() {
    return scalar(Parsers::toPath);
  }

  static Parser<Optional<Path>> optionalPath() {
    return raw -> Optional.of((String) raw).filter(t -> !t.isEmpty()).map(Parsers::toPath);
  }

  static Parser<Integer> integer(int min, int max) {
    return scalar(t -> inRange(t, min, max));
  }

  static Parser<Boolean> bool() {
    return scalar(t -> switch (t) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new BadValue(BadValue.quote(t) + " is not a boolean (use true or false)");
    });
  }

  /** A duration; {@code allowZero} false means it must be positive. */
  static Parser<Duration> duration(boolean allowZero) {
    return scalar(t -> {
      Duration d = Durations.parse(t);
      if (d.isZero() && !allowZero) {
        throw new BadValue(BadValue.quote(t) + " must be longer than zero");
      }
      return d;
    });
  }

  /** A duration as {@link #duration(boolean)}, at most {@code max} (written the way the message shows it). */
  static Parser<Duration> duration(boolean allowZero, Duration max, String maxText) {
    Parser<Duration> any = duration(allowZero);
    return raw -> {
      Duration d = any.parse(raw);
      if (d.compareTo(max) > 0) {
        throw new BadValue(BadValue.quote((String) raw) + " must be at most " + maxText);
      }
      return d;
    };
  }

  /** An absolute http or https URI with a host and no credentials, query or fragment. */
  static Parser<URI> httpUri() {
    return scalar(Parsers::toHttpUri);
  }

  /** A Transit mount or key name: {@code [A-Za-z0-9_.-]+}, no leading or trailing dot, no "..". */
  static Parser<String> name() {
    return scalar(Parsers::checkName);
  }

  /** Empty, or a Kubernetes namespace name: a DNS label (lower case letters, digits, '-'; at most 63). */
  static Parser<Optional<String>> optionalNamespace() {
    return raw -> Optional.of((String) raw).filter(t -> !t.isEmpty()).map(t -> {
      if (!DNS_LABEL.matcher(t).matches()) {
        throw new BadValue(BadValue.quote(t) + " is not a namespace name (lower case letters, digits and '-', at"
            + " most 63)");
      }
      return t;
    });
  }

  /** Empty, or a Kubernetes object name: a DNS subdomain (DNS labels joined by '.', at most 253). */
  static Parser<Optional<String>> optionalObjectName() {
    return raw -> Optional.of((String) raw).filter(t -> !t.isEmpty()).map(t -> {
      boolean labels = Arrays.stream(t.split("\\.", -1)).allMatch(l -> DNS_LABEL.matcher(l).matches());
      if (t.length() > 253 || !labels) {
        throw new BadValue(BadValue.quote(t) + " is not a Kubernetes object name (lower case letters, digits, '-'"
            + " and '.', at most 253)");
      }
      return t;
    });
  }

  /** An auth mount path: names as {@link #name()}, optionally nested with single slashes. */
  static Parser<String> mountPath() {
    return scalar(t -> {
      for (String segment : t.split("/", -1)) {
        checkName(segment);
      }
      return t;
    });
  }

  /** A non-empty list of {@link #name()}s. */
  static Parser<List<String>> names() {
    return raw -> {
      @SuppressWarnings("unchecked")
      List<String> items = (List<String>) raw;
      if (items.isEmpty()) {
        throw new BadValue("must list at least one name");
      }
      return items.stream().map(Parsers::checkName).toList();
    };
  }

  /** Kubernetes namespaces (DNS labels), or {@code *} alone for every namespace; may be empty. */
  static Parser<List<String>> namespaces() {
    return raw -> {
      @SuppressWarnings("unchecked")
      List<String> items = (List<String>) raw;
      for (String item : items) {
        if (!item.equals("*") && !DNS_LABEL.matcher(item).matches()) {
          throw new BadValue(BadValue.quote(item) + " is not a namespace name (a DNS label) or *");
        }
      }
      if (items.contains("*") && items.size() > 1) {
        throw new BadValue("* (every namespace) must stand alone");
      }
      return List.copyOf(items);
    };
  }

  /** A Kubernetes object name prefix: lowercase letters, digits, {@code -} and {@code .}, may be empty. */
  static Parser<String> objectNamePrefix() {
    return raw -> {
      String text = (String) raw;
      if (!text.matches("([a-z0-9][-a-z0-9.]{0,199})?")) {
        throw new BadValue(BadValue.quote(text) + " is not the start of a Kubernetes name (lowercase letters, "
            + "digits, - and ., at most 200)");
      }
      return text;
    };
  }

  /** One of the enum's constants, spelled in any case. */
  static <E extends Enum<E>> Parser<E> oneOf(Class<E> type) {
    return scalar(t -> {
      for (E constant : type.getEnumConstants()) {
        if (constant.name().equalsIgnoreCase(t)) {
          return constant;
        }
      }
      throw new BadValue(BadValue.quote(t) + " is not one of " + spellings(type));
    });
  }

  /** One of the given lowercase words, spelled in any case; yields the lowercase word. */
  static Parser<String> word(List<String> words) {
    return scalar(t -> {
      String word = t.toLowerCase(Locale.ROOT);
      if (!words.contains(word)) {
        throw new BadValue(BadValue.quote(t) + " is not one of " + String.join(" | ", words));
      }
      return word;
    });
  }

  /** {@code auto} (empty) or a version of 1 or more. */
  static Parser<OptionalInt> autoOrVersion() {
    return scalar(t -> t.equalsIgnoreCase("auto")
        ? OptionalInt.empty()
        : OptionalInt.of(inRange(t, 1, Integer.MAX_VALUE)));
  }

  /**
   * {@code webhook.injectionRules}: a list of {@code {name, namespace, matchLabels, annotations}} ({@link
   * InjectionRule}), as JSON text; empty means none. Names are DNS labels and unique; a rule names one namespace
   * (never kube-system or kube-public, which the webhook leaves alone) and at least one label.
   */
  static Parser<List<InjectionRule>> injectionRules() {
    return raw -> {
      String text = ((String) raw).trim();
      if (text.isEmpty()) {
        return List.of();
      }
      JsonArray rules;
      try {
        rules = new JsonArray(text);
      } catch (DecodeException | ClassCastException e) {
        throw new BadValue("is not a JSON list of rules ({name, namespace, matchLabels, annotations})");
      }
      List<InjectionRule> parsed = new ArrayList<>();
      for (int i = 0; i < rules.size(); i++) {
        InjectionRule rule = rule(i, Kind.valueOf(rules.getList().get(i)));
        if (parsed.stream().anyMatch(r -> r.name().equals(rule.name()))) {
          throw new BadValue("rule " + i + ": the name " + BadValue.quote(rule.name()) + " is used twice");
        }
        parsed.add(rule);
      }
      return List.copyOf(parsed);
    };
  }

  private static InjectionRule rule(int index, Object value) {
    String position = "rule " + index;
    if (!(value instanceof JsonObject rule)) {
      throw new BadValue(position + ": expected a map, got " + Kind.describe(value));
    }
    rule.fieldNames().stream().filter(f -> !RULE_FIELDS.contains(f)).sorted().findFirst().ifPresent(f -> {
      throw new BadValue(position + ": unknown field " + BadValue.quote(f) + " (known: "
          + String.join(", ", RULE_FIELDS) + ")");
    });
    String name = dnsLabel(position + ": name", rule.getValue("name"));
    String at = "rule " + BadValue.quote(name);
    String namespace = dnsLabel(at + ": namespace", rule.getValue("namespace"));
    if (namespace.equals("kube-system") || namespace.equals("kube-public")) {
      throw new BadValue(at + ": namespace: the webhook never injects into " + namespace);
    }
    Map<String, String> labels = strings(at + ": matchLabels", rule.getValue("matchLabels"));
    if (labels.isEmpty()) {
      throw new BadValue(at + ": matchLabels: name at least one label");
    }
    return new InjectionRule(name, namespace, labels, strings(at + ": annotations", rule.getValue("annotations")));
  }

  private static String dnsLabel(String at, Object value) {
    if (!(value instanceof String text) || !DNS_LABEL.matcher(text).matches()) {
      throw new BadValue(at + ": expected a DNS label (lowercase letters, digits and -), got " + Kind.describe(value));
    }
    return text;
  }

  /** A map of strings; booleans and numbers are taken as their text (YAML's true is "true"). */
  private static Map<String, String> strings(String at, Object value) {
    if (!(Kind.valueOf(value) instanceof JsonObject map)) {
      throw new BadValue(at + ": expected a map, got " + Kind.describe(value));
    }
    Map<String, String> strings = new java.util.LinkedHashMap<>();
    for (String key : map.fieldNames()) {
      Object item = map.getValue(key);
      if (!(item instanceof String || item instanceof Boolean || item instanceof Number)) {
        throw new BadValue(at + ": " + key + ": expected a string, got " + Kind.describe(item));
      }
      strings.put(key, item.toString());
    }
    return strings;
  }

  /** A scalar that must not be empty (an empty string is "unset", and this key needs a value). */
  private static <T> Parser<T> scalar(Function<String, T> parse) {
    return raw -> {
      String text = (String) raw;
      if (text.isEmpty()) {
        throw new BadValue("must not be empty");
      }
      return parse.apply(text);
    };
  }

  private static int inRange(String text, int min, int max) {
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new BadValue(BadValue.quote(text) + " is not an integer");
    }
    if (value < min || value > max) {
      throw new BadValue(text + " is out of range " + min + ".." + max);
    }
    return (int) value;
  }

  private static Path toPath(String text) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new BadValue(BadValue.quote(text) + " is not a valid path");
    }
  }

  private static URI toHttpUri(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new BadValue(BadValue.quote(text) + " is not a URI");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new BadValue(BadValue.quote(text) + " is not an absolute http(s) URI with a host");
    }
    if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      // Not quoted: user info may hold a password.
      throw new BadValue("must not carry credentials (user@), a query or a fragment");
    }
    return uri;
  }

  private static String checkName(String text) {
    if (!NAME.matcher(text).matches()
        || text.startsWith(".")
        || text.endsWith(".")
        || text.contains("..")) {
      throw new BadValue(BadValue.quote(text)
          + " is not a valid name (letters, digits, _ . -; no leading, trailing or double dot)");
    }
    return text;
  }

  private static String spellings(Class<? extends Enum<?>> type) {
    return String.join(" | ", Arrays.stream(type.getEnumConstants())
        .map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
  }
}
