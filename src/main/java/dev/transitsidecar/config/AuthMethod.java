package dev.transitsidecar.config;

/** {@code auth.method}; spelled {@code token}, {@code kubernetes} or {@code approle} in YAML. */
public enum AuthMethod {
  TOKEN,
  KUBERNETES,
  APPROLE
}
