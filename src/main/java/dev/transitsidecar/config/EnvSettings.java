package dev.transitsidecar.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The environment's overrides. {@code SIDECAR_*} names come from the schema; a {@code SIDECAR_*}
 * variable that names no key is a problem (reported by name only: its value could be anything).
 * A key's Vault variable ({@code VAULT_ADDR}, {@code VAULT_NAMESPACE}) applies only when its
 * {@code SIDECAR_*} variable is absent, and, as in the Vault CLI, only when not empty.
 * {@code VAULT_TOKEN} is a secret, not configuration: it is left to the auth code.
 */
final class EnvSettings {
  static final String PREFIX = "SIDECAR_";
  /**
   * The variables Kubernetes adds to every container for a Service named {@code sidecar} in the namespace
   * ({@code enableServiceLinks}); they are not settings, so they are neither read nor reported.
   */
  static final Pattern SERVICE_LINK =
      Pattern.compile("SIDECAR_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_\\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)?)");

  private EnvSettings() {}

  static Map<String, Raw> read(Map<String, String> env, List<String> problems) {
    Map<String, Raw> found = new HashMap<>();
    for (Key<?> key : ConfigSchema.ALL) {
      override(key, env).ifPresent(raw -> found.put(key.path(), raw));
    }
    env.keySet().stream()
        .filter(name -> name.startsWith(PREFIX) && ConfigSchema.byEnvName(name).isEmpty())
        .filter(name -> !SERVICE_LINK.matcher(name).matches())
        .sorted()
        .forEach(name -> problems.add(name + ": unknown setting" + Suggestions.forEnv(name)));
    return found;
  }

  private static Optional<Raw> override(Key<?> key, Map<String, String> env) {
    String sidecar = env.get(key.envName());
    if (sidecar != null) {
      return Optional.of(Raw.fromEnv(sidecar, key.envName()));
    }
    return key.vaultEnv()
        .filter(name -> env.get(name) != null && !env.get(name).isEmpty())
        .map(name -> Raw.fromEnv(env.get(name), name));
  }
}
