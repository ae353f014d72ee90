package dev.transitsidecar.config;

/** {@code cache.lockMemory}; spelled {@code required}, {@code preferred} or {@code off} in YAML. */
public enum LockMemory {
  REQUIRED,
  PREFERRED,
  OFF
}
