package dev.transitsidecar.config;

/** {@code log.format}; spelled {@code json} or {@code text} in YAML. */
public enum LogFormat {
  JSON,
  TEXT
}
