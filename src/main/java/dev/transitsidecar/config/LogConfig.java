package dev.transitsidecar.config;

/**
 * Logging.
 *
 * @param level one of {@code trace}, {@code debug}, {@code info}, {@code warn}, {@code error}
 */
public record LogConfig(LogFormat format, String level) {}
