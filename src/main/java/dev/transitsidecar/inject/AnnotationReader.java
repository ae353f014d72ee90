package dev.transitsidecar.inject;

import static dev.transitsidecar.inject.Annotations.*;

import dev.transitsidecar.config.AuthMethod;
import dev.transitsidecar.config.EnvValues;
import dev.transitsidecar.config.WebhookConfig;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.regex.Pattern;

/**
 * Reads a pod's annotations into {@link InjectionSettings}, the webhook's configuration giving the defaults. A
 * value that the sidecar would refuse at start is refused here, with the sidecar's own parser ({@link EnvValues}),
 * so a pod is denied at creation rather than started with a sidecar that exits. Pure: no I/O.
 */
final class AnnotationReader {
  /**
   * Default requests and limits: bench/run measured a resident size of 100 to 130 MiB after a million requests with
   * {@link JvmOptions}; the limit leaves room above it (the heap is capped at 24 MiB whatever the limit).
   */
  static final InjectionSettings.Resources DEFAULT_RESOURCES =
      new InjectionSettings.Resources("50m", "128Mi", Optional.empty(), Optional.of("192Mi"));

  private static final Pattern QUANTITY =
      Pattern.compile("(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+|[numkMGTPE]|[KMGTPE]i)?");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern IMAGE_REFERENCE = Pattern.compile("[\\x21-\\x7e]{1,512}");

  private AnnotationReader() {}

  /** True when the pod asks for injection; an {@code inject} value other than true or false is refused. */
  static boolean wantsInjection(Map<String, String> annotations) {
    return Optional.ofNullable(annotations.get(INJECT)).map(v -> bool(INJECT, v)).orElse(false);
  }

  /** The settings for this pod; throws {@link InvalidAnnotation} naming the first annotation that is wrong. */
  static InjectionSettings read(Map<String, String> annotations, WebhookConfig config) {
    refuseUnknown(annotations);
    AuthMethod method = authMethod(annotations);
    boolean nativeSidecar = get(annotations, NATIVE_SIDECAR).map(v -> bool(NATIVE_SIDECAR, v))
        .orElse(config.nativeSidecar());
    return new InjectionSettings(
        get(annotations, IMAGE).map(v -> matching(IMAGE, v, IMAGE_REFERENCE, "is not an image reference"))
            .orElse(config.image()),
        nativeSidecar,
        get(annotations, CONTAINERS).map(AnnotationReader::containerNames),
        method,
        env(annotations, config, method, nativeSidecar),
        method == AuthMethod.TOKEN ? Optional.of(tokenSecret(annotations)) : Optional.empty(),
        get(annotations, KEYSTORE_SECRET).map(v -> secretName(KEYSTORE_SECRET, v)),
        resources(annotations));
  }

  private static void refuseUnknown(Map<String, String> annotations) {
    annotations.keySet().stream()
        .filter(name -> name.startsWith(PREFIX) && !KNOWN.contains(name))
        .sorted()
        .findFirst()
        .ifPresent(name -> {
          throw new InvalidAnnotation(name, "unknown annotation (known: " + String.join(", ",
              KNOWN.stream().map(k -> k.substring(PREFIX.length())).toList()) + ")");
        });
  }

  private static AuthMethod authMethod(Map<String, String> annotations) {
    String text = get(annotations, AUTH_METHOD).map(v -> sidecarValue(AUTH_METHOD, "SIDECAR_AUTH_METHOD", v))
        .orElse("token");
    AuthMethod method = AuthMethod.valueOf(text.toUpperCase(Locale.ROOT));
    if (method == AuthMethod.APPROLE) {
      throw new InvalidAnnotation(AUTH_METHOD, "approle is not injected (its role-id and secret-id files have no "
          + "annotation); use token or kubernetes");
    }
    return method;
  }

  /**
   * The sidecar's settings. A native sidecar gets {@code listen.shutdownGrace} 0s: Kubernetes sends it SIGTERM only
   * after every app container has exited, so nobody is left to serve during a grace, and the pod's remaining
   * termination time is better spent finishing requests (docs/reliability.md#shutdown). An ordinary sidecar keeps the
   * default grace, since it gets SIGTERM together with the app, which may still encrypt while it stops.
   */
  static final String NATIVE_SIDECAR_SHUTDOWN_GRACE = "0s";

  private static SequencedMap<String, String> env(Map<String, String> a, WebhookConfig config, AuthMethod method,
      boolean nativeSidecar) {
    SequencedMap<String, String> env = new LinkedHashMap<>();
    env.put("SIDECAR_VAULT_ADDRESS", get(a, VAULT_ADDR)
        .map(v -> sidecarValue(VAULT_ADDR, "SIDECAR_VAULT_ADDRESS", v)).orElse(config.vaultAddress().toString()));
    env.put("SIDECAR_AUTH_METHOD", method.name().toLowerCase(Locale.ROOT));
    switch (method) {
      case TOKEN -> env.put("SIDECAR_AUTH_TOKEN_FILE", SidecarContainer.TOKEN_FILE);
      case KUBERNETES -> env.put("SIDECAR_AUTH_KUBERNETES_ROLE", get(a, ROLE)
          .map(v -> sidecarValue(ROLE, "SIDECAR_AUTH_KUBERNETES_ROLE", v))
          .orElseThrow(() -> new InvalidAnnotation(ROLE, "required when auth-method is kubernetes")));
      case APPROLE -> throw new IllegalStateException("approle is refused before");
    }
    get(a, TRANSIT_MOUNT).ifPresent(v -> env.put("SIDECAR_TRANSIT_MOUNT",
        sidecarValue(TRANSIT_MOUNT, "SIDECAR_TRANSIT_MOUNT", v)));
    get(a, TRANSIT_KEY).ifPresent(v -> env.put("SIDECAR_TRANSIT_KEYS",
        sidecarValue(TRANSIT_KEY, "SIDECAR_TRANSIT_KEYS", v)));
    get(a, CACHE_TTL).ifPresent(v -> env.put("SIDECAR_CACHE_TTL", sidecarValue(CACHE_TTL, "SIDECAR_CACHE_TTL", v)));
    if (a.containsKey(KEYSTORE_SECRET)) {
      env.put("SIDECAR_KEYSTORE_FILE", SidecarContainer.KEYSTORE_FILE);
      get(a, TRANSIT_KEY).ifPresent(v -> env.put("SIDECAR_KEYSTORE_TRANSIT_KEY", v.split(",")[0].trim()));
    }
    env.put("SIDECAR_LOG_FORMAT", "json");
    env.put("SIDECAR_LISTEN_HEALTH_PORT", Integer.toString(SidecarContainer.HEALTH_PORT));
    if (nativeSidecar) {
      env.put("SIDECAR_LISTEN_SHUTDOWN_GRACE", NATIVE_SIDECAR_SHUTDOWN_GRACE);
    }
    env.put("JAVA_TOOL_OPTIONS", String.join(" ", JvmOptions.LIST));
    env.put("MALLOC_ARENA_MAX", JvmOptions.MALLOC_ARENAS);
    return Collections.unmodifiableSequencedMap(env);
  }

  private static String tokenSecret(Map<String, String> annotations) {
    return get(annotations, TOKEN_SECRET).map(v -> secretName(TOKEN_SECRET, v))
        .orElseThrow(() -> new InvalidAnnotation(TOKEN_SECRET, "required when auth-method is token (a Secret with "
            + "the key vault_token)"));
  }

  private static InjectionSettings.Resources resources(Map<String, String> a) {
    InjectionSettings.Resources d = DEFAULT_RESOURCES;
    return new InjectionSettings.Resources(
        get(a, CPU_REQUEST).map(v -> quantity(CPU_REQUEST, v)).orElse(d.cpuRequest()),
        get(a, MEMORY_REQUEST).map(v -> quantity(MEMORY_REQUEST, v)).orElse(d.memoryRequest()),
        get(a, CPU_LIMIT).map(v -> quantity(CPU_LIMIT, v)).or(d::cpuLimit),
        get(a, MEMORY_LIMIT).map(v -> quantity(MEMORY_LIMIT, v)).or(d::memoryLimit));
  }

  private static List<String> containerNames(String value) {
    List<String> names = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (names.isEmpty()) {
      throw new InvalidAnnotation(CONTAINERS, "must name at least one container");
    }
    names.forEach(name -> matching(CONTAINERS, name, DNS_LABEL, "is not a container name"));
    return names;
  }

  /** A present annotation; an empty value counts as given (and is then judged), not as absent. */
  private static Optional<String> get(Map<String, String> annotations, String name) {
    return Optional.ofNullable(annotations.get(name)).map(String::trim);
  }

  private static String sidecarValue(String annotation, String envName, String value) {
    EnvValues.problem(envName, value).ifPresent(problem -> {
      throw new InvalidAnnotation(annotation, problem);
    });
    return value;
  }

  private static boolean bool(String annotation, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new InvalidAnnotation(annotation, InvalidAnnotation.quote(value) + " is not true or false");
    };
  }

  private static String secretName(String annotation, String value) {
    if (value.length() > 253) {
      throw new InvalidAnnotation(annotation, "a Secret name has at most 253 characters");
    }
    return matching(annotation, value, DNS_SUBDOMAIN, "is not a Secret name (lowercase letters, digits, - and .)");
  }

  private static String quantity(String annotation, String value) {
    return matching(annotation, value, QUANTITY, "is not a Kubernetes quantity (for example 100m, 0.5, 128Mi)");
  }

  private static String matching(String annotation, String value, Pattern pattern, String problem) {
    if (!pattern.matcher(value).matches()) {
      throw new InvalidAnnotation(annotation, InvalidAnnotation.quote(value) + " " + problem);
    }
    return value;
  }
}
